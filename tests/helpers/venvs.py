"""One ``.venv`` per distinct requirements set among the generated projects of a run.

A generated project's ``make`` makes ``.venv`` on FC's Python and pip-installs its
requirements (``scripts/devenv.py``, then ``make lint``'s ``requirements-lint.txt``). Two
projects whose requirements files and interpreter are the same install the very same
packages, so the first of them in a run makes its ``.venv`` for real, with its own
Makefile; each later one gets a ``.venv`` symlink to that venv, which ``devenv.py`` takes as
it is (same Python version, same requirements digest), so its own ``make lint test`` runs
unchanged. A file lock per requirements set makes the first make the only one, across the
xdist workers too.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import subprocess
from collections.abc import Callable
from pathlib import Path

# What decides the packages in a project's .venv: what devenv.py installs, then make lint.
REQUIREMENTS = ("requirements-dev.txt", "code/requirements.txt", "requirements-lint.txt")


def requirements_key(project: Path, interpreter: str) -> str:
    """The interpreter and the project's requirements files, as one digest."""
    digest = hashlib.sha256(os.path.realpath(interpreter).encode())
    for name in REQUIREMENTS:
        digest.update(b"\0" + (project / name).read_bytes())
    return digest.hexdigest()[:16]


def with_shared_venv(
    project: Path, interpreter: str, folder: Path, run: Callable[[], subprocess.CompletedProcess]
) -> tuple[subprocess.CompletedProcess, bool]:
    """Run ``run()`` (the project's make) with the run's venv for its requirements.

    Returns the result and whether this project's make made the venv itself.
    """
    key = requirements_key(project, interpreter)
    record = folder / f"{key}.venv"
    with open(folder / f"{key}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        made = Path(record.read_text()) if record.exists() else None
        if made is None or not made.is_dir():
            result = run()
            venv = project / ".venv"
            # devenv.py's stamp: the venv is complete once it is written.
            if (venv / ".requirements").exists():
                record.write_text(str(venv))
            return result, True
    (project / ".venv").symlink_to(made, target_is_directory=True)
    return run(), False
