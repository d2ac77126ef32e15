"""``fc_lifecycle.template_source``: template versions found offline in git history."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from fc_lifecycle import git as git_module
from fc_lifecycle import template_places, template_source
from fc_lifecycle.errors import UserError

PROJECT = "{{cookiecutter.name}}"


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), *args], check=True, capture_output=True, text=True
    ).stdout.strip()


@pytest.fixture
def repo(tmp_path) -> Path:
    """A tiny template with commits tagged v1 and v2 (``_version`` 1 and 2)."""
    repo = tmp_path / "template"
    (repo / PROJECT).mkdir(parents=True)
    git(repo, "init", "-q")
    for version in ("1", "2"):
        (repo / "cookiecutter.json").write_text(json.dumps({"_version": version, "name": "x"}))
        (repo / PROJECT / "file.txt").write_text(f"version {version}\n")
        git(repo, "add", "-A")
        git(repo, "commit", "-qm", f"v{version}")
        git(repo, "tag", f"v{version}")
    return repo


def test_is_git_repo_only_at_the_top(repo):
    assert git_module.is_top(repo)
    (repo / "sub").mkdir()
    assert not git_module.is_top(repo / "sub")
    assert git_module.is_inside(repo / "sub")
    assert not git_module.is_top(repo.parent)
    assert not git_module.is_inside(repo.parent)


def test_resolve_commit(repo):
    assert git_module.commit_of(repo, "v1") == git(repo, "rev-parse", "v1")
    assert git_module.commit_of(repo, "nosuchref") is None


def test_export_writes_that_commits_files(repo, tmp_path):
    version = template_source.export(repo, git(repo, "rev-parse", "v1"), tmp_path / "out")
    assert (tmp_path / "out" / PROJECT / "file.txt").read_text() == "version 1\n"
    assert (version.version, version.label()) == ("1", f"v1 {version.commit[:7]}")


def test_export_writes_the_template_and_its_extensions_not_the_rest(repo, tmp_path):
    spec = {"_version": "3", "name": "x", "_extensions": ["local_ext.checks.Checks"]}
    (repo / "cookiecutter.json").write_text(json.dumps(spec))
    for name in ("hooks/post_gen_project.py", "templates/part.j2", "local_ext/checks.py",
                 "tests/test_it.py", "docs/index.md", "README.md"):  # fmt: skip
        (repo / name).parent.mkdir(exist_ok=True)
        (repo / name).write_text(name)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "v3")
    template_source.export(repo, git(repo, "rev-parse", "HEAD"), tmp_path / "out")
    out = tmp_path / "out"
    assert {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()} == {
        "cookiecutter.json", f"{PROJECT}/file.txt", "hooks/post_gen_project.py",
        "templates/part.j2", "local_ext/checks.py",
    }  # fmt: skip


def test_ancestry_and_older(repo, tmp_path):
    v1, v2 = git(repo, "rev-parse", "v1"), git(repo, "rev-parse", "v2")
    assert git_module.is_ancestor(repo, v1, v2)
    assert not git_module.is_ancestor(repo, v2, v1)
    old = template_source.export(repo, v1, tmp_path / "a")
    new = template_source.export(repo, v2, tmp_path / "b")
    assert template_source.older(new, old) and not template_source.older(old, new)


def test_find_target_to_a_ref_and_refusals(repo, tmp_path):
    target = template_source.find_target({}, str(repo), "v1", tmp_path)
    assert target.version == "1"
    with pytest.raises(UserError, match="--to: 'nope' is not a commit"):
        template_source.find_target({}, str(repo), "nope", tmp_path)
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "cookiecutter.json").write_text('{"_version": "3"}')
    with pytest.raises(UserError, match="--to: needs a git template"):
        template_source.find_target({}, str(plain), "v1", tmp_path)


def test_find_base_from_the_recorded_commit(repo, tmp_path):
    record = {"source": str(repo), "commit": git(repo, "rev-parse", "v1"), "version": "1"}
    base = template_source.find_base(record, tmp_path)
    assert base is not None and base.version == "1"
    assert template_source.find_base({"source": str(repo), "commit": "0" * 40}, tmp_path) is None


def test_local_copies_of_a_remote_source_are_cookiecutters_clone(tmp_path):
    clone = Path.home() / ".cookiecutters" / "some-template"
    clone.mkdir(parents=True, exist_ok=True)
    git(clone, "init", "-q")
    assert template_places.local_copies("https://example.com/x/some-template.git") == [clone]
    assert template_places.local_copies("gh:x/absent-template") == []
    assert template_places.local_copies("") == []


def test_a_recorded_file_url_is_the_local_folder(repo):
    assert template_places.local_folder("git+" + repo.as_uri()) == repo
    assert template_places.local_copies("git+" + repo.as_uri()) == [repo]
    assert template_places.local_folder(repo.as_uri()) is None  # file:// is a remote
    assert template_places.local_folder("https://example.com/x.git") is None
