"""The results as a Markdown table for people and as JSON with every raw sample."""

from __future__ import annotations

import json
import os
import platform
from importlib import metadata
from pathlib import Path

from timing import Comparison, Stat

PACKAGES = ("flask", "fastapi", "uvicorn", "gunicorn", "django", "cookiecutter")
HEADER = (
    "| benchmark | ours (median, min–max) | reference (median, min–max) "
    "| ratio / difference (median, min–max) | target | met? |\n"
    "|---|---|---|---|---|---|"
)


def machine() -> dict:
    """Where the run happened: CPUs, system, Python and the frameworks' versions."""
    uname = platform.uname()
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    from fc_lifecycle import __version__

    return {
        "cpus": os.cpu_count(),
        "system": f"{uname.system} {uname.release} {uname.machine}",
        "python": platform.python_version(),
        "fc-lifecycle": __version__,
        "packages": versions,
    }


def number(value: float, unit: str) -> str:
    """A figure in a readable unit: seconds as ms, throughput without decimals."""
    if unit == "s":
        value, unit = value * 1000, "ms"
    if unit == "req/s":
        return f"{value:.0f}"
    if unit == "ms" and abs(value) < 10:
        return f"{value:.2f}"
    if unit == "ms" and abs(value) >= 100:
        return f"{value:.0f}"
    return f"{value:.1f}"


def shown_unit(unit: str) -> str:
    """The unit ``number`` shows a figure in."""
    return "ms" if unit == "s" else unit


def stat(samples: list[float], unit: str) -> str:
    """``median unit (min–max)``."""
    s = Stat.of(samples)
    low, high = number(s.low, unit), number(s.high, unit)
    return f"{number(s.median, unit)} {shown_unit(unit)} ({low}–{high})"


def comparison_cell(row: Comparison) -> str:
    """The ratio (or difference) with the range over pairs (or rounds)."""
    low, high = row.spread
    if row.kind == "ratio":
        return f"{row.value:.3f}× ({low:.2f}–{high:.2f})"
    return f"{row.value:+.3f} {row.unit} ({low:+.3f}–{high:+.3f})"


def target_cell(row: Comparison) -> str:
    """``≤ 1.1×``, ``≥ 0.9×``, ``≤ 1 ms``, or a dash for figures shown for information."""
    if row.limit is None:
        return "—"
    sign = "≥" if row.higher_is_better else "≤"
    return f"{sign} {row.limit:g}×" if row.kind == "ratio" else f"{sign} {row.limit:g} {row.unit}"


def met_cell(row: Comparison) -> str:
    """yes, **no**, or a dash when there is no target."""
    return {None: "—", True: "yes", False: "**no**"}[row.met]


def table(rows: list[Comparison]) -> str:
    """The Markdown table, one line per comparison."""
    lines = [HEADER]
    for row in rows:
        cells = [
            row.name,
            stat(row.ours, row.unit),
            stat(row.reference, row.unit),
            comparison_cell(row),
            target_cell(row),
            met_cell(row),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def write_json(path: Path, results: dict[str, list[Comparison]], extra: dict) -> None:
    """Every comparison with its raw samples, grouped by benchmark."""
    data = {
        **extra,
        "machine": machine(),
        "benchmarks": {name: [row.to_json() for row in rows] for name, rows in results.items()},
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n")
