"""Folders that every xdist worker of a run sees, for what the workers share."""

from __future__ import annotations

import os
from pathlib import Path


def shared_folder(tmp_path_factory, *names: str) -> Path:
    """``names`` under the workers' common base temp (this run's base temp without xdist)."""
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    folder = shared.joinpath(*names)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def mypy_cache(tmp_path_factory, framework: str) -> Path:
    """This worker's mypy cache for projects of ``framework`` checked with this
    interpreter's mypy: the matrix's and the journeys' (a module whose text or options
    differ is checked again). One per xdist worker: two mypy processes writing one cache
    at once can corrupt it (mypy stopped with an INTERNAL ERROR in a CI run)."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    return shared_folder(tmp_path_factory, "template-matrix", "mypy-caches", framework, worker)
