"""The upgrade journey: `pip install -U fc-lifecycle`, then `fc-lifecycle update`, offline.

Two wheels are built from two commits of a clone of this repository (the working tree as
it is, then a template change). The first is installed into a venv and generates two
projects, which are committed and edited; the second is installed over it, and each project
is updated with no --template: the one with an unrelated edit merges cleanly, the one whose
edit touches the changed line gets conflict markers.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from conftest import ROOT
from helpers.wheel import build_wheel

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
SLUG = "{{cookiecutter.__project_dir}}"
# The none variant's hook file (generated as code/lifecycle.py while a hook is on).
LIFECYCLE = Path("_variants", "none-hooks", "code", "lifecycle.py")
GREETING = '    state["greeting"] = f"Hello from {name}"\n'


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, check=True
    ).stdout.strip()


def snapshot_of_this_tree(into: Path) -> None:
    """A clone of this repository whose HEAD is the working tree as it is now."""
    git(into.parent, "clone", "-q", str(ROOT), str(into))
    files = git(ROOT, "ls-files", "-co", "--exclude-standard", "-z").split("\0")
    for rel in filter(None, files):
        source = ROOT / rel
        if source.is_file():
            (into / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, into / rel)
        elif (into / rel).exists():
            (into / rel).unlink()
    git(into, "add", "-A")
    git(into, "commit", "-qm", "working tree", "--allow-empty")


@pytest.fixture(scope="module")
def wheels(tmp_path_factory) -> tuple[Path, Path]:
    """Wheel 1 (this tree) and wheel 2 (the same plus a template change), built once."""
    work = tmp_path_factory.mktemp("upgrade")
    repo = work / "repo"
    snapshot_of_this_tree(repo)
    first = build_wheel(repo, work / "wheel1")
    lifecycle = repo / SLUG / LIFECYCLE
    lifecycle.write_text(lifecycle.read_text().replace("Hello from {name}", "Hi from {name}"))
    git(repo, "commit", "-qam", "template: friendlier greeting")
    return first, build_wheel(repo, work / "wheel2")


class Venv:
    """A venv with fc-lifecycle from a wheel; its dependencies are borrowed from this one."""

    def __init__(self, root: Path) -> None:
        subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(root)], check=True)
        version = f"python{sys.version_info[0]}.{sys.version_info[1]}"
        self.site = root / "lib" / version / "site-packages"
        self.python = root / "bin" / "python"
        self.env = {**os.environ, "PYTHONPATH": sysconfig.get_paths()["purelib"]}

    def install(self, wheel: Path) -> None:
        subprocess.run(
            [sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "-q", "--upgrade",
             "--target", str(self.site), str(wheel)], check=True, capture_output=True,
        )  # fmt: skip

    def run(self, cwd: Path, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(self.python), "-m", "fc_lifecycle", *args],
            cwd=cwd, env=self.env, capture_output=True, text=True,
        )  # fmt: skip


def generate_and_edit(venv: Venv, work: Path, name: str, edit) -> Path:
    args = ["new", "--no-input", "-q", "--framework", "none", "--project-name", name]
    result = venv.run(work, *args)
    assert result.returncode == 0, result.stderr
    project = work / name
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "generated")
    edit(project)
    git(project, "commit", "-qam", "my edit")
    return project


def append_to_yaml(project: Path) -> None:
    with (project / "s.yaml").open("a") as handle:
        handle.write("# mine\n")


def change_greeting(project: Path) -> None:
    path = project / "code" / "lifecycle.py"
    path.write_text(path.read_text().replace(GREETING, GREETING.replace("Hello", "Howdy")))


def test_update_after_package_upgrade(wheels, tmp_path):
    first, second = wheels
    venv = Venv(tmp_path / "venv")
    venv.install(first)
    work = tmp_path / "work"
    work.mkdir()
    clean = generate_and_edit(venv, work, "clean", append_to_yaml)
    clash = generate_and_edit(venv, work, "clash", change_greeting)
    made_by = json.loads((clean / ".fc-lifecycle.json").read_text())["template"]["commit"]
    assert len(made_by) == 40
    venv.install(second)

    result = venv.run(clean, "update", "--no-input")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "updated cleanly" in result.stdout
    assert 'f"Hi from {name}"' in (clean / "code" / "lifecycle.py").read_text()
    assert (clean / "s.yaml").read_text().endswith("# mine\n")
    assert not list(clean.rglob("*.fc-new"))
    assert json.loads((clean / ".fc-lifecycle.json").read_text())["template"]["commit"] != made_by

    result = venv.run(clash, "update", "--no-input")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "CONFLICT" in result.stdout
    text = (clash / "code" / "lifecycle.py").read_text()
    assert "<<<<<<< project" in text and "Howdy from" in text and "Hi from" in text
    assert not list(clash.rglob("*.fc-new"))


def test_update_after_package_downgrade_says_to_upgrade(wheels, tmp_path):
    """A project made by the newer wheel, updated by the older one: one line, exit 2, nothing
    written (the older wheel has neither that template nor a base for it)."""
    first, second = wheels
    venv = Venv(tmp_path / "venv")
    venv.install(second)
    work = tmp_path / "work"
    work.mkdir()
    project = generate_and_edit(venv, work, "newer", append_to_yaml)
    venv.install(first)
    result = venv.run(project, "update", "--no-input")
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr.count("\n") == 1 and "made by a newer fc-lifecycle" in result.stderr
    assert "pip install -U /path/to/clone" in result.stderr and "--template PATH" in result.stderr
    assert git(project, "status", "--porcelain") == ""
