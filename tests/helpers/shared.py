"""Folders that every xdist worker of a run sees, for what the workers share."""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path


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
