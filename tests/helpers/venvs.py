"""One ``.venv`` per distinct requirements set among the generated projects' suites of a run.

A generated project's ``make`` makes ``.venv`` on FC's Python and pip-installs its
requirements (``scripts/devenv.py``; ``make lint`` adds ``requirements-lint.txt``). What it
installs depends on the interpreter and the requirements files only, so the run makes one
venv per interpreter and requirements set, with uv (the same files, the same packages,
several times faster than pip), writes devenv.py's stamps into it, and links each project's
``.venv`` to it: devenv.py takes it as it is (same Python version, same requirements
digests) and the project's own ``make lint test`` runs unchanged. The Makefile's own way
(``python -m venv``, pip) is run by tests/test_toolchain.py and tests/test_ci_steps_run.py.
A file lock per set makes one worker make it while another waits.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

from helpers.modules import load_module

# What decides the packages in a project's .venv: what devenv.py installs, for make lint too.
REQUIREMENTS = ("requirements-dev.txt", "code/requirements.txt", "requirements-lint.txt")
UV = shutil.which("uv", path=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")


def requirements_key(project: Path, interpreter: str) -> str:
    """The interpreter and the project's requirements files, as one digest."""
    digest = hashlib.sha256(os.path.realpath(interpreter).encode())
    for name in REQUIREMENTS:
        digest.update(b"\0" + (project / name).read_bytes())
    return digest.hexdigest()[:16]


def link_shared_venv(project: Path, interpreter: str, folder: Path, env: dict) -> None:
    """Give ``project`` a ``.venv`` with its requirements on ``interpreter``: a link to the
    run's venv for them, made first if no suite before this one made it."""
    assert UV, "uv is not installed: make reinstalls .venv with it (pyproject.toml's dev extra)"
    key = requirements_key(project, interpreter)
    venv = folder / key
    with open(folder / f"{key}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        # Not byte-compiled: compiling each venv whole cost the suites more than it saved.
        if not (venv / ".requirements-lint").exists():  # the stamps are written last
            shutil.rmtree(venv, ignore_errors=True)
            python = str(venv / "bin" / "python")
            for command in (
                ["venv", "--seed", "--python", interpreter, str(venv)],  # --seed: pip, for make
                ["pip", "install", "--python", python, "-r", "requirements-lint.txt"],
            ):
                done = subprocess.run(
                    [UV, "--quiet", *command], cwd=project, capture_output=True, text=True,
                    env={**env, "UV_PYTHON_DOWNLOADS": "never"},  # this machine's Pythons only
                )  # fmt: skip
                assert done.returncode == 0, f"uv {' '.join(command)}\n{done.stderr[-3000:]}"
            for stamp, digest in devenv_stamps(project).items():
                (venv / stamp).write_text(digest)
    (project / ".venv").symlink_to(venv, target_is_directory=True)


def devenv_stamps(project: Path) -> dict[str, str]:
    """The stamps the project's own scripts/devenv.py writes into its .venv once it installed
    the dev requirements and the lint requirements: file name -> digest."""
    devenv = load_module(project / "scripts" / "devenv.py", "devenv")
    return {name: devenv.requirements_digest(files) for files, name in devenv.STAMPS.items()}
