"""Folders that every xdist worker of a run sees, for what the workers share."""

from __future__ import annotations

import contextlib
import fcntl
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

DMYPY = str(Path(sys.executable).with_name("dmypy"))


def shared_folder(tmp_path_factory, *names: str) -> Path:
    """``names`` under the workers' common base temp (this run's base temp without xdist)."""
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    folder = shared.joinpath(*names)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@contextlib.contextmanager
def mypy_cache(tmp_path_factory, framework: str) -> Iterator[Path]:
    """The run's mypy cache for projects of ``framework`` checked with this interpreter's
    mypy (the matrix's and the journeys'), held by this worker until the block ends: mypy
    checks again a module whose text or options differ, so each project's own code is
    checked and the packages' stubs are read from the cache, made once a run (a cold run
    took about 5 s, a warm one 1 s). One mypy at a time: two mypy processes writing one cache
    at once can corrupt it (mypy stopped with an INTERNAL ERROR in a CI run)."""
    folder = shared_folder(tmp_path_factory, "template-matrix", "mypy-caches", framework)
    with open(folder.with_name(f"{framework}.lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield folder


def mypy_daemon(cache: Path, project: Path) -> subprocess.CompletedProcess:
    """mypy over ``project`` (its own settings), by the run's mypy daemon for the framework of
    ``cache``; call it inside that framework's ``mypy_cache`` block.

    The daemon keeps the packages' analyses in memory and its project folder's modules with
    what depends on them: the project's ``code/``, ``tests/`` and ``pyproject.toml`` are
    copied over the previous project's (a file that differs is written, one it lacks
    deleted), and the daemon checks again what changed and everything that depends on it,
    as mypy run afresh would (about 0.3 CPU-s, not 0.8). It writes no cache. Django's mypy
    plugin reads the project's settings and apps once, when the daemon starts: every project
    checked by one daemon must have the same (the matrix's Django projects do; their settings
    differ only in comments). It stops when the run ends (``stop_mypy_daemons``), or after 15
    idle minutes if the run was killed."""
    daemon = cache.with_name(f"{cache.name}-daemon")
    mirror(project, daemon / "project")
    command = [DMYPY, "--status-file", str(daemon / "status.json"), "run", "--timeout", "900",
               "--log-file", str(daemon / "log"), "--", "--cache-dir", str(cache)]  # fmt: skip
    return subprocess.run(command, cwd=daemon / "project", capture_output=True, text=True)


def mirror(project: Path, copy: Path) -> None:
    """Make ``copy``'s ``code/``, ``tests/`` and ``pyproject.toml`` what ``project``'s are,
    writing only the files that differ."""

    def files(root: Path) -> dict[Path, Path]:
        found = [*root.glob("code/**/*"), *root.glob("tests/**/*"), root / "pyproject.toml"]
        return {
            p.relative_to(root): p for p in found if p.is_file() and "__pycache__" not in p.parts
        }

    wanted, present = files(project), files(copy)
    for name in present.keys() - wanted.keys():
        present[name].unlink()
    for name, source in wanted.items():
        data, target = source.read_bytes(), copy / name
        if name not in present or target.read_bytes() != data:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)


def stop_mypy_daemons(base: Path) -> None:
    """Stop the mypy daemons of the run whose common temporary folder is ``base``."""
    for status in base.glob("template-matrix/mypy-caches/*-daemon/status.json"):
        subprocess.run([DMYPY, "--status-file", str(status), "stop"], capture_output=True)
