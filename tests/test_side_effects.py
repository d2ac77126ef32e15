"""No writes outside the project: ``update`` and ``check`` leave HOME as it was (issue 27).

Run as a user runs them, in a process of their own with a fresh HOME: cookiecutter reads
HOME when it is imported, so an in-process test would not see where it really writes.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def home_files(home: Path) -> set[str]:
    """Every path under ``home`` except the git config the test wrote there itself."""
    return {str(p.relative_to(home)) for p in home.rglob("*")} - {".gitconfig"}


def env_of(home: Path) -> dict[str, str]:
    return {**os.environ, "HOME": str(home), "GIT_CONFIG_GLOBAL": str(home / ".gitconfig")}


def fc(home: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "fc_lifecycle", *args], env=env_of(home),
        cwd=cwd, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


@pytest.mark.e2e  # fc-lifecycle processes with a fresh HOME
def test_update_and_check_write_nothing_outside_the_project(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / ".gitconfig").write_text("[user]\n\tname = T\n\temail = t@example.com\n")
    made = fc(home, tmp_path, "new", "--no-input", "--framework", "none", "-q")
    assert made.returncode == 0, made.stderr
    project = tmp_path / "fc-lifecycle-app"
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "generated"]):
        subprocess.run(["git", *args], cwd=project, check=True, env=env_of(home))
    before = home_files(home)  # new may leave cookiecutter's own replay, as cookiecutter does

    updated = fc(home, project, "update", "--no-input", "--no-pre-stop")
    assert updated.returncode == 0, updated.stdout + updated.stderr
    assert "code/lifecycle.py" in updated.stdout  # it did render and merge
    checked = fc(home, project, "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr

    assert home_files(home) == before
