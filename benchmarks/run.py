"""Run the benchmark suite: print a Markdown table of ratios and write every sample as JSON.

Usage: python benchmarks/run.py [--quick] [--json PATH] [--only NAME ...]

The samples go to ``--json PATH``; without it a full run writes ``results.json`` beside this
file, and a partial one (``--quick``, ``--only``) ``results-partial.json``, so that it never
replaces the full run's samples.

Each comparison is measured alternately (ours, reference, ours, reference, ...) in this one
run, and reported as a ratio of medians with the range of the pairs' ratios. ``--quick``
runs every benchmark once, briefly (one round, one pair): it keeps the suite working in CI and
says nothing about speed.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "generator"))

import bench_deployed  # noqa: E402
import bench_runner  # noqa: E402
import bench_serving  # noqa: E402
import bench_tooling  # noqa: E402
import report  # noqa: E402
from sandbox import Sandbox  # noqa: E402
from settings import FULL, QUICK  # noqa: E402

# name -> (function, needs the generated projects), in the order.
BENCHMARKS = {
    "generation": (bench_tooling.generation, False),
    "cli-start": (bench_tooling.cli_start, False),
    "cold-start": (bench_serving.cold_start, True),
    "throughput": (bench_serving.throughput, True),
    "burst": (bench_serving.connection_burst, True),
    "overhead": (bench_runner.overhead, True),
    "update": (bench_tooling.update, False),
    "deployed-cold-start": (bench_deployed.deployed_cold_start, False),
}
# Not in --quick unless asked for by --only: it builds four packages (pip downloads wheels
# for FC's platform) and needs FC's Python version on this machine.
FULL_ONLY = {"deployed-cold-start"}
NOTES = (
    "Load: benchmarks/load.py, a separate Python process with as many threads as the "
    "project's instanceConcurrency (what FC sends an instance at once), each on "
    "its own kept-alive HTTP/1.1 connection (http.client) sending GET / back to back for "
    "{seconds:g} s after a {warmup:g} s warm-up, on loopback; with 2+ CPUs the server is "
    "pinned to one CPU and the load to the others. Peak memory: VmHWM summed over "
    "the server's process tree. Ratio: median(ours) / median(reference), with the range of "
    "the ratios of the pairs measured in the same round; overhead: difference of medians, "
    "with the range over rounds. Burst: 50 threads each open a new connection and send one "
    "GET / at the same moment, {burst} times per server start; p99 against p50 of those."
)


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="few, short repetitions (CI)")
    parser.add_argument("--json", type=Path, metavar="PATH", help="where the samples go")
    parser.add_argument(
        "--only",
        action="append",
        choices=list(BENCHMARKS),
        metavar="NAME",
        help=f"run only these (repeatable): {', '.join(BENCHMARKS)}",
    )
    args = parser.parse_args(argv)
    partial = args.quick or args.only
    args.json = args.json or HERE / ("results-partial.json" if partial else "results.json")
    return args


def main(argv: list[str] | None = None) -> int:
    """Run the chosen benchmarks; print the table; write the JSON."""
    args = parse(argv)
    settings = QUICK if args.quick else FULL
    chosen = args.only or [n for n in BENCHMARKS if not (args.quick and n in FULL_ONLY)]
    began = time.time()
    results = {}
    with Sandbox() as sandbox:
        projects = None
        for name in chosen:
            function, needs_projects = BENCHMARKS[name]
            print(f"running {name} ...", file=sys.stderr, flush=True)
            started = time.perf_counter()
            if needs_projects:
                projects = projects or bench_serving.generate_projects(sandbox)
                results[name] = function(sandbox, settings, projects)
            else:
                results[name] = function(sandbox, settings)
            print(f"  {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)
    rows = [row for name in chosen for row in results[name]]
    notes = NOTES.format(
        seconds=settings.load_seconds,
        warmup=settings.warmup_seconds,
        burst=settings.burst_rounds,
    )
    print(report.table(rows))
    print()
    print(notes)
    extra = {
        "mode": "quick" if args.quick else "full",
        "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(began)),
        "seconds": time.time() - began,
        "settings": vars(settings),
        "notes": notes,
    }
    report.write_json(args.json, results, extra)
    print(f"\nwrote {args.json} ({extra['seconds']:.0f} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
