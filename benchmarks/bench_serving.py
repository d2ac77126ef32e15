"""The generated functions: cold start and throughput, against bare apps and the FC sample."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import apps
from apps import Running, Server
from bench_tooling import FC_LIFECYCLE
from load import burst, percentile, run_load
from sandbox import Sandbox
from settings import Settings
from timing import Comparison, alternate

FRAMEWORKS = ("flask", "fastapi", "django", "none")


def generate_projects(sandbox: Sandbox) -> dict[str, Path]:
    """One project per framework, from ``fc-lifecycle new --no-input``, compiled as deployed."""
    projects = {}
    for framework in FRAMEWORKS:
        out = sandbox.fresh(f"variant-{framework}")
        sandbox.run(
            [*FC_LIFECYCLE, "new", "--no-input", "-q", "--framework", framework, "-o", str(out)]
        )
        projects[framework] = next(out.iterdir())
        compile_modules(sandbox, projects[framework] / "code")
    compile_modules(sandbox, apps.REFERENCES)
    return projects


def compile_modules(sandbox: Sandbox, folder: Path) -> None:
    """Write the bytecode of ``folder``'s modules, as ``make build`` does for FC.

    Every start then loads bytecode, as on FC, even when the caller's environment sets
    ``PYTHONDONTWRITEBYTECODE`` (each start would otherwise compile the project's modules).
    """
    sandbox.run([sys.executable, "-m", "compileall", "-q", str(folder)])


def instance_concurrency(project: Path) -> int:
    """The project's ``instanceConcurrency``: how many requests FC sends it at once."""
    found = re.search(r"^\s+instanceConcurrency: (\d+)$", (project / "s.yaml").read_text(), re.M)
    return int(found.group(1)) if found else 1


def servers(projects: dict[str, Path], markers: bool = False) -> dict[str, Server]:
    """Every variant, its bare app (also the one printing FC's marker lines, with
    ``markers``), and the seed sample, in the order they alternate."""
    found = {}
    for framework, project in projects.items():
        found[framework] = apps.variant(framework, project)
        found[f"bare {framework}"] = apps.bare(framework, project)
        if markers:
            found[f"bare+markers {framework}"] = apps.bare_with_markers(framework, project)
    found["seed"] = apps.seed()
    return found


def cold_start(sandbox: Sandbox, settings: Settings, projects: dict[str, Path]) -> list:
    """Process start -> first 2xx on POST /initialize, every server once per round."""
    log = sandbox.root / "servers.log"

    def starter(server: Server):
        def run() -> float:
            with Running(server, sandbox.env, log) as running:
                return running.cold_start

        return run

    runs = {name: starter(server) for name, server in servers(projects).items()}
    alternate(runs, 1)
    samples = alternate(runs, settings.cold_start_rounds)
    rows = [
        Comparison(
            f"cold start: {fw} variant vs bare {fw}",
            "s",
            samples[fw],
            samples[f"bare {fw}"],
            limit=1.10,
        )
        for fw in FRAMEWORKS
    ]
    rows.append(
        Comparison(
            "cold start: flask variant vs FC sample (seed)",
            "s",
            samples["flask"],
            samples["seed"],
            limit=1.25,
        )
    )
    rows.append(
        Comparison(
            "cold start: none variant vs FC sample (seed)",
            "s",
            samples["none"],
            samples["seed"],
            limit=0.5,
        )
    )
    return rows


def throughput(sandbox: Sandbox, settings: Settings, projects: dict[str, Path]) -> list:
    """The load FC sends (instanceConcurrency connections) on GET /, every server once per
    round; throughput, latency, memory."""
    log = sandbox.root / "servers.log"
    connections = instance_concurrency(projects["flask"])
    figures: dict[str, list[dict]] = {}
    server_cpus, load_cpus = apps.split_cpus() or (None, None)

    def loader(name: str, server: Server):
        def run() -> float:
            with Running(server, sandbox.env, log, cpus=server_cpus) as running:
                for seconds in (settings.warmup_seconds, settings.load_seconds):
                    if seconds:
                        result = run_load(
                            running.port, connections, seconds, sandbox.env, load_cpus
                        )
                result["peak_memory_mb"] = running.peak_memory()
            if result["errors"] or not result["requests"]:
                raise RuntimeError(f"{name}: {result['errors']} failed requests under load")
            figures.setdefault(name, []).append(result)
            return result["rps"]

        return run

    alternate(
        {name: loader(name, server) for name, server in servers(projects, True).items()},
        settings.load_rounds,
    )
    rows = []
    for fw in FRAMEWORKS:
        rows += load_rows(fw, f"bare+markers {fw}", figures, limit=0.95, p99_limit=1.2)
        # Against the bare app that writes no log line at all: throughput and p99.
        plain = load_rows(fw, f"bare {fw}", figures, limit=0.95, p99_limit=1.2)
        rows += [plain[0], plain[2]]
    rows += load_rows("flask", "seed", figures, limit=1.8)
    return rows


def load_rows(
    ours: str, reference: str, figures: dict, limit: float, p99_limit: float | None = None
) -> list[Comparison]:
    """Throughput (with its target), then p50, p99 and peak memory (for information)."""
    other = {
        "seed": "FC sample (seed)",
        f"bare+markers {ours}": f"bare {ours} printing FC's marker lines",
    }.get(reference, reference)
    label = f"{ours} variant vs {other}"

    def column(name: str, key: str) -> list[float]:
        return [run[key] for run in figures[name]]

    rows = [
        Comparison(
            f"throughput: {label}",
            "req/s",
            column(ours, "rps"),
            column(reference, "rps"),
            limit=limit,
            higher_is_better=True,
        )
    ]
    for key, what, unit in (
        ("p50_ms", "latency p50", "ms"),
        ("p99_ms", "latency p99", "ms"),
        ("peak_memory_mb", "peak memory", "MB"),
    ):
        target = p99_limit if key == "p99_ms" else None
        rows.append(
            Comparison(
                f"{what}: {label}", unit, column(ours, key), column(reference, key), limit=target
            )
        )
    return rows


def connection_burst(sandbox: Sandbox, settings: Settings, projects: dict[str, Path]) -> list:
    """The ``none`` server taking 50 new connections at once: p99 against its own p50."""
    log = sandbox.root / "servers.log"
    server = apps.variant("none", projects["none"])
    p50, p99 = [], []
    for _ in range(settings.load_rounds):
        with Running(server, sandbox.env, log) as running:
            latencies = burst(running.port, 50, settings.burst_rounds)
        p50.append(percentile(latencies, 0.50) * 1000)
        p99.append(percentile(latencies, 0.99) * 1000)
    name = "burst: none variant, 50 new connections at once, p99 vs p50"
    return [Comparison(name, "ms", p99, p50, limit=3.0)]
