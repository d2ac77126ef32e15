"""Plain helpers of the update tests: a template in a git repository released as v1 and v2,
projects generated from it and committed, and ``update`` as the user runs it (the
``template`` and ``isolated_git`` fixtures are in ``conftest.py``)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from fc_lifecycle.cli import main
from fc_lifecycle.render import render

ROOT = Path(__file__).resolve().parents[2]
SLUG = "{{cookiecutter.__project_dir}}"
# The "none" framework's files in the template (the projects here use it).
NONE = Path(SLUG) / "_variants" / "none" / "code"
# Paths in the template folder (SLUG): the none framework's hook file, the PreStop test.
LIFECYCLE = Path("_variants", "none-hooks", "code", "lifecycle.py")
PRE_STOP_TEST = Path("_variants", "pre_stop", "tests", "test_pre_stop.py")


def git(cwd: Path, *args: str) -> str:
    """Run git in ``cwd``; return its output."""
    return subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, check=True
    ).stdout.strip()


def isolate_git(home: Path, monkeypatch) -> None:
    """HOME and git's global config in ``home``, with an identity and ``main`` as the branch."""
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(home / ".gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for key, value in (
        ("user.name", "t"),
        ("user.email", "t@example.com"),
        ("init.defaultBranch", "main"),
    ):
        subprocess.run(["git", "config", "--global", key, value], check=True)


def template_v1(repo: Path) -> Path:
    """A git copy of this repository's template in ``repo``, committed and tagged v1."""
    repo.mkdir()
    shutil.copy(ROOT / "cookiecutter.json", repo)
    shutil.copytree(ROOT / "fc_template", repo / "fc_template")
    shutil.copytree(ROOT / "hooks", repo / "hooks")
    shutil.copytree(ROOT / "templates", repo / "templates")
    shutil.copytree(ROOT / SLUG, repo / SLUG)
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "v1")
    git(repo, "tag", "v1")
    return repo


def release_v2(repo: Path, edit) -> None:
    """Apply ``edit(repo)``, bump ``_version`` and commit + tag v2."""
    edit(repo)
    spec_path = repo / "cookiecutter.json"
    spec_path.write_text(spec_path.read_text().replace('"_version": "1"', '"_version": "2"'))
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "v2")
    git(repo, "tag", "v2")


def generate(template: Path, out: Path, **answers) -> Path:
    """A project of ``template`` (framework none unless said), committed."""
    answers = {"framework": "none", "project_name": "demo", **answers}
    project = render(template, answers, out)
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "generated")
    return project


def commit_all(project: Path) -> None:
    """Commit every change in ``project``."""
    git(project, "add", "-A")
    git(project, "commit", "-qm", "edit")


def tree(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` but git's, by its relative path."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".git" not in p.relative_to(root).parts
    }


def append(path: Path, text: str) -> None:
    """Add ``text`` at the end of the file."""
    path.write_text(path.read_text() + text)


def update(project: Path, template: Path, *extra: str) -> int:
    """``fc-lifecycle update PROJECT --template TEMPLATE --no-input EXTRA...``."""
    return main(["update", str(project), "--template", str(template), "--no-input", *extra])
