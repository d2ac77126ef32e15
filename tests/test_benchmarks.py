"""The benchmark suite's quick mode runs every benchmark and reports them all (no timing)."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FRAMEWORKS = ("flask", "fastapi", "django", "none")
BENCHMARKS = (
    "generation", "cli-start", "cold-start", "throughput", "burst", "overhead", "update",
)  # fmt: skip
ROWS = [
    "generation: ",
    "CLI start: ",
    *(f"cold start: {fw} variant vs bare {fw}" for fw in FRAMEWORKS),
    "cold start: flask variant vs FC sample (seed)",
    "cold start: none variant vs FC sample (seed)",
    *(
        f"{what}: {fw} variant vs bare {fw} printing FC's marker lines"
        for fw in FRAMEWORKS
        for what in ("throughput", "latency p50", "latency p99", "peak memory")
    ),
    *(
        f"{what}: {fw} variant vs bare {fw} |"
        for fw in FRAMEWORKS
        for what in ("throughput", "latency p99")
    ),
    *(
        f"{what}: flask variant vs FC sample (seed)"
        for what in ("throughput", "latency p50", "latency p99", "peak memory")
    ),
    "burst: none variant, 50 new connections at once, p99 vs p50",
    "`fc-lifecycle run` overhead: ",
    "update: ",
]


# One worker runs the quick run once for the session (make test passes --dist loadgroup);
# without the group each xdist worker that got one of these tests ran it again.
pytestmark = [pytest.mark.slow, pytest.mark.e2e, pytest.mark.xdist_group("benchmarks")]


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory, isolated_home):
    """Run ``benchmarks/run.py --quick`` once; return the process and its JSON."""
    out = tmp_path_factory.mktemp("bench") / "x.json"
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick", "--json", str(out)],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    data = json.loads(out.read_text()) if out.exists() else None
    return result, data


def is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and math.isfinite(value)


def test_quick_run_exits_zero(quick_run):
    result, _ = quick_run
    assert result.returncode == 0, result.stderr[-3000:]


@pytest.mark.parametrize("row", ROWS)
def test_table_has_row(quick_run, row):
    result, _ = quick_run
    lines = [line for line in result.stdout.splitlines() if line.startswith(f"| {row}")]
    assert len(lines) == 1, result.stdout
    assert lines[0].count(" | ") == 5


def test_json_has_every_benchmark_with_numeric_samples(quick_run):
    _, data = quick_run
    assert data is not None
    assert data["mode"] == "quick"
    assert {"machine", "settings", "started", "seconds", "notes"} <= data.keys()
    assert sorted(data["benchmarks"]) == sorted(BENCHMARKS)
    rows = [row for rows in data["benchmarks"].values() for row in rows]
    assert len(rows) == len(ROWS)
    for row in rows:
        assert {"name", "unit", "value", "min", "max", "target", "met"} <= row.keys()
        assert is_number(row["value"]) and is_number(row["min"]) and is_number(row["max"])
        assert row["ours"] and row["reference"]  # one round in --quick (test_benchmark_timing)
        assert all(is_number(v) for v in row["ours"] + row["reference"]), row["name"]


@pytest.mark.parametrize(
    ("argv", "written"),
    [
        ([], "results.json"),
        (["--quick"], "results-partial.json"),
        (["--only", "update"], "results-partial.json"),
        (["--only", "update", "--json", "x.json"], "x.json"),
    ],
)
def test_only_a_full_run_writes_results_json(argv, written):
    """``--only`` or ``--quick`` without ``--json`` leaves the full run's samples alone."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import run
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    assert run.parse(argv).json.name == written
