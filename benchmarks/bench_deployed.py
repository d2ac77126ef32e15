"""Deployed cold start: the package of ``make build`` started as FC starts it, read-only.

For each framework: ``make build`` in a generated project (FC's Python, found as the
project finds it), the package copied to a read-only folder (and ``PYTHONDONTWRITEBYTECODE``,
so nothing is cached between starts, as on FC's /code), ``bootstrap`` started there with FC's
variables and that interpreter first on PATH, timed to the first 2xx on ``POST /initialize``.
A = the package as built (bytecode by the target interpreter, unchecked-hash); B = the same
package with every ``__pycache__`` removed: sources only, what FC got before.
"""

from __future__ import annotations

import shutil
import stat
import sys
from pathlib import Path

from apps import Running, Server
from bench_serving import FRAMEWORKS
from bench_tooling import FC_LIFECYCLE
from sandbox import ROOT, Sandbox
from settings import Settings
from timing import Comparison, alternate

sys.path.insert(0, str(ROOT / "{{cookiecutter.__project_dir}}" / "scripts"))
import devenv  # noqa: E402  (the generated project's own interpreter search)

VERSIONS = ("3.12", "3.11", "3.10", "3.9")
LIMITS = {"flask": 0.6, "fastapi": 0.6, "django": 0.6, "none": 0.9}


def target_python() -> devenv.Interpreter | None:
    """The newest FC Python version this machine has, found as a generated project finds it."""
    for version in VERSIONS:
        python, _ = devenv.find(version)
        if python.version == version and python.found_by != "fallback":
            return python
    return None


def read_only_copy(package: Path, into: Path, *, bytecode: bool) -> Path:
    """A copy of ``package`` without write bits (and without ``__pycache__`` unless asked)."""
    skip = None if bytecode else shutil.ignore_patterns("__pycache__")
    shutil.copytree(package, into, ignore=skip)
    for path in [into, *into.rglob("*")]:
        path.chmod(path.stat().st_mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    return into


def server(name: str, code: Path, python_bin: Path) -> Server:
    """``bootstrap`` in ``code`` with s.yaml's PYTHONPATH and FC's python3 first on PATH."""
    env = {
        "PATH": f"{python_bin}:/usr/local/bin:/usr/bin:/bin",
        "PYTHONPATH": f"{code}/python:{code}",
        "PYTHONDONTWRITEBYTECODE": "1",
        "FC_FUNC_CODE_PATH": str(code),
    }
    return Server(name, [str(code / "bootstrap")], code, env)


def packages(sandbox: Sandbox, python: devenv.Interpreter) -> dict[str, Path]:
    """``make build`` of one project per framework for ``python``; return build/code of each."""
    built = {}
    for framework in FRAMEWORKS:
        out = sandbox.fresh(f"deployed-{framework}")
        sandbox.run([*FC_LIFECYCLE, "new", "--no-input", "-q", "--framework", framework,
                     "--python-version", python.version, "-o", str(out)])  # fmt: skip
        project = next(out.iterdir())
        sandbox.run(["make", "--no-print-directory", "build", f"PYTHON={python.path}"], project)
        built[framework] = project / "build" / "code"
    return built


def size_kb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e3


def deployed_cold_start(sandbox: Sandbox, settings: Settings) -> list[Comparison]:
    """A (bytecode) vs B (sources only) for each framework; then the package sizes."""
    python = target_python()
    if python is None:
        raise RuntimeError(f"deployed cold start needs one of Python {', '.join(VERSIONS)}")
    python_bin = sandbox.fresh("fc-python")
    (python_bin / "python3").symlink_to(python.path)
    servers, sizes = {}, {}
    for framework, package in packages(sandbox, python).items():
        for kind, bytecode in (("bytecode", True), ("sources", False)):
            code = read_only_copy(package, sandbox.fresh(f"ro-{framework}") / "code",
                                  bytecode=bytecode)  # fmt: skip
            servers[f"{framework} {kind}"] = server(f"{framework} {kind}", code, python_bin)
            sizes[f"{framework} {kind}"] = size_kb(code)
    log = sandbox.root / "deployed.log"

    def starter(one: Server):
        def run() -> float:
            with Running(one, sandbox.env, log) as running:
                return running.cold_start

        return run

    runs = {name: starter(one) for name, one in servers.items()}
    alternate(runs, 1)
    samples = alternate(runs, settings.cold_start_rounds)
    version = python.version
    rows = [
        Comparison(
            f"deployed cold start (Python {version}, read-only): {fw} bytecode vs sources only",
            "s", samples[f"{fw} bytecode"], samples[f"{fw} sources"], limit=LIMITS[fw],
        )
        for fw in FRAMEWORKS
    ]  # fmt: skip
    rows += [
        Comparison(
            f"package size: {fw} bytecode vs sources only", "kB",
            [sizes[f"{fw} bytecode"]], [sizes[f"{fw} sources"]],
        )
        for fw in FRAMEWORKS
    ]  # fmt: skip
    return rows
