"""End-to-end update scenarios on real git repositories built in tmp_path (offline)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from fc_lifecycle.cli import main
from fc_lifecycle.render import render

ROOT = Path(__file__).resolve().parents[1]
SLUG = "{{cookiecutter.project_slug}}"


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, check=True
    ).stdout.strip()


@pytest.fixture(autouse=True)
def isolated_git(tmp_path, monkeypatch):
    home = tmp_path / "home"
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


@pytest.fixture
def template(tmp_path) -> Path:
    """A git copy of this repository's template, committed and tagged v1."""
    repo = tmp_path / "template"
    repo.mkdir()
    shutil.copy(ROOT / "cookiecutter.json", repo)
    shutil.copytree(ROOT / "hooks", repo / "hooks")
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
    answers = {"framework": "none", "project_name": "demo", **answers}
    project = render(template, answers, out)
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "generated")
    return project


def commit_all(project: Path) -> None:
    git(project, "add", "-A")
    git(project, "commit", "-qm", "edit")


def tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".git" not in p.relative_to(root).parts
    }


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text() + text)


def update(project: Path, template: Path, *extra: str) -> int:
    return main(["update", str(project), "--template", str(template), "--no-input", *extra])


def test_untouched_project_equals_fresh_v2(template, tmp_path):
    project = generate(template, tmp_path / "p")
    release_v2(template, lambda r: append(r / SLUG / "code" / "bootstrap", "# v2\n"))
    assert update(project, template) == 0
    fresh = render(template, {"framework": "none", "project_name": "demo"}, tmp_path / "fresh")
    mine, theirs = tree(project), tree(fresh)
    assert mine.pop(".fc-lifecycle.json") and theirs.pop(".fc-lifecycle.json")
    assert mine == theirs
    assert (project / "code" / "bootstrap").stat().st_mode & 0o777 == 0o755


def test_user_edit_and_template_change_both_kept(template, tmp_path):
    project = generate(template, tmp_path / "p")
    append(project / "code" / "lifecycle.py", "\n# my init code\n")
    commit_all(project)
    release_v2(template, lambda r: append(r / SLUG / "s.yaml", "# v2 s.yaml\n"))
    assert update(project, template) == 0
    assert "# my init code" in (project / "code" / "lifecycle.py").read_text()
    assert "# v2 s.yaml" in (project / "s.yaml").read_text()
    record = json.loads((project / ".fc-lifecycle.json").read_text())
    assert record["template"]["version"] == "2"
    assert record["template"]["commit"] == git(template, "rev-parse", "HEAD")
