"""A project made from a git URL, updated on another machine (another HOME), and offline.

The "remote" is a bare repository reached by a file:// URL; "offline" is that repository
moved away, so git cannot reach it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fc_lifecycle.cli import main
from helpers.update_repo import (
    LIFECYCLE,
    SLUG,
    append,
    commit_all,
    git,
    tree,
)

# The template repository (tagged v1) and git isolated from the user's, as for every update.
# slow: clones and fetches of a repository (make test-quick keeps update's pilots).
pytestmark = [pytest.mark.usefixtures("isolated_git"), pytest.mark.slow]


@pytest.fixture
def remote(template, tmp_path) -> Path:
    bare = tmp_path / "server" / "fc-template.git"
    git(tmp_path, "clone", "-q", "--bare", str(template), str(bare))
    return bare


def made_on_machine_a(remote: Path, tmp_path: Path, monkeypatch) -> Path:
    """`new` from the URL with HOME A (cookiecutter clones it there); commit and edit."""
    monkeypatch.setenv("HOME", str(tmp_path / "home-a"))
    out = tmp_path / "work"
    argv = ["new", "--no-input", "-q", "--framework", "none", "--project-name", "demo"]
    assert main([*argv, "--template", f"file://{remote}", "-o", str(out)]) == 0
    assert (tmp_path / "home-a" / ".cookiecutters" / "fc-template").is_dir()
    project = out / "demo"
    record = json.loads((project / ".fc-lifecycle.json").read_text())["template"]
    assert record["source"] == f"file://{remote}" and len(record["commit"]) == 40
    git(project, "init", "-q")
    append(project / "s.yaml", "# mine\n")
    commit_all(project)
    return project


def push_v2(template: Path, remote: Path) -> None:
    append(template / SLUG / LIFECYCLE, "# v2\n")
    commit_all(template)
    git(template, "push", "-q", str(remote), "HEAD:refs/heads/main")


def on_machine_b(tmp_path: Path, monkeypatch) -> None:
    home = tmp_path / "home-b"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))


def test_other_machine_fetches_base_and_target(template, remote, tmp_path, monkeypatch, capsys):
    project = made_on_machine_a(remote, tmp_path, monkeypatch)
    push_v2(template, remote)
    on_machine_b(tmp_path, monkeypatch)
    capsys.readouterr()
    assert main(["update", str(project), "--no-input"]) == 0
    err = capsys.readouterr().err
    assert err.count("fetched file://") == 1 and "no clone in ~/.cookiecutters" in err
    assert (project / "s.yaml").read_text().endswith("# mine\n")
    assert (project / "code" / "lifecycle.py").read_text().endswith("# v2\n")
    record = json.loads((project / ".fc-lifecycle.json").read_text())["template"]
    assert record["source"] == f"file://{remote}"
    assert record["commit"] == git(template, "rev-parse", "HEAD")


def test_other_machine_with_nothing_new_is_up_to_date(remote, tmp_path, monkeypatch, capsys):
    project = made_on_machine_a(remote, tmp_path, monkeypatch)
    on_machine_b(tmp_path, monkeypatch)
    before = tree(project)
    capsys.readouterr()
    assert main(["update", str(project), "--no-input"]) == 0
    assert capsys.readouterr().out.startswith("up to date")
    assert tree(project) == before


def test_cookiecutter_clone_serves_offline(template, remote, tmp_path, monkeypatch, capsys):
    project = made_on_machine_a(remote, tmp_path, monkeypatch)
    remote.rename(remote.with_name("moved.git"))
    capsys.readouterr()
    assert main(["update", str(project), "--no-input", "--set", "timeout=61"]) == 0
    assert "fetched" not in capsys.readouterr().err
    assert "timeout: 61" in (project / "s.yaml").read_text()
    assert (project / "s.yaml").read_text().endswith("# mine\n")


def test_offline_without_clone_is_one_line_and_exit_2(remote, tmp_path, monkeypatch, capsys):
    project = made_on_machine_a(remote, tmp_path, monkeypatch)
    remote.rename(remote.with_name("moved.git"))
    on_machine_b(tmp_path, monkeypatch)
    before = tree(project)
    capsys.readouterr()
    assert main(["update", str(project), "--no-input"]) == 2
    (err,) = capsys.readouterr().err.strip().splitlines()
    assert "cannot fetch" in err and "--template PATH" in err
    assert tree(project) == before


def test_offline_with_template_path_needs_no_network(
    template, remote, tmp_path, monkeypatch, capsys
):
    project = made_on_machine_a(remote, tmp_path, monkeypatch)
    push_v2(template, remote)
    remote.rename(remote.with_name("moved.git"))
    on_machine_b(tmp_path, monkeypatch)
    capsys.readouterr()
    assert main(["update", str(project), "--no-input", "--template", str(template)]) == 0
    assert "fetched" not in capsys.readouterr().err
    assert (project / "code" / "lifecycle.py").read_text().endswith("# v2\n")
    assert (project / "s.yaml").read_text().endswith("# mine\n")
    assert not list(project.rglob("*.fc-new"))
