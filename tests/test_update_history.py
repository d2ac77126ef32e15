"""The template history packed into the wheel, and updates of projects made by earlier wheels."""

from __future__ import annotations

import io
import json
import tarfile
import zipfile
from pathlib import Path

import pytest
from fc_lifecycle import history, template_source
from fc_lifecycle.cli import main
from fc_lifecycle.render import render
from helpers.update_repo import (
    LIFECYCLE,
    SLUG,
    append,
    commit_all,
    git,
    tree,
)

# The template repository (tagged v1) and git isolated from the user's, as for every update.
pytestmark = pytest.mark.usefixtures("isolated_git")


def archive_of(repo: Path, commit: str) -> dict[str, bytes]:
    """The template files of ``commit`` as git has them."""
    data = git_bytes(repo, "archive", "--format=tar", commit)
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        return {
            m.name: tar.extractfile(m).read()
            for m in tar.getmembers()
            if m.isfile() and history.is_template_path(m.name)
        }


def git_bytes(repo: Path, *args: str) -> bytes:
    import subprocess

    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, check=True).stdout


def release(repo: Path, text: str) -> str:
    """Commit a template change; return the commit."""
    append(repo / SLUG / LIFECYCLE, text)
    commit_all(repo)
    return git(repo, "rev-parse", "HEAD")


def test_every_version_extracts_as_git_has_it(template, tmp_path):
    first = git(template, "rev-parse", "HEAD")
    bootstrap = Path(SLUG, "_variants", "none", "code", "bootstrap")
    (template / bootstrap).chmod(0o644)  # the second version changes its mode too
    second = release(template, "# v2\n")
    (template / "NOTES.md").write_text("not the template\n")
    commit_all(template)
    packed = tmp_path / history.NAME
    assert history.pack(template, packed) == second  # HEAD carries the second version
    for commit in (first, second):
        into = tmp_path / commit
        assert history.extract(packed, commit, into)
        assert tree(into) == archive_of(template, commit)
    for commit, mode in ((first, 0o755), (second, 0o644)):
        assert (tmp_path / commit / bootstrap).stat().st_mode & 0o777 == mode
    assert history.extract(packed, git(template, "rev-parse", "HEAD"), tmp_path / "head")
    assert tree(tmp_path / "head") == tree(tmp_path / second)  # a later commit, same template
    assert not history.extract(packed, "0" * 40, tmp_path / "none")


@pytest.mark.slow  # packs fifty versions
def test_fifty_versions_fit_in_the_budget(template, tmp_path):
    for number in range(49):
        yaml = template / SLUG / "s.yaml"
        yaml.write_text(yaml.read_text().replace("# ", f"# v{number} ", 1))
        release(template, f"# release {number}\n")
    packed = tmp_path / history.NAME
    history.pack(template, packed)
    with zipfile.ZipFile(packed) as archive:
        assert len(json.loads(archive.read("index.json"))["versions"]) == 50
    assert packed.stat().st_size < 1_000_000


def wheel_template(repo: Path, commit: str, site: Path) -> Path:
    """The template as a wheel built at ``commit`` installs it (stamped, not a git folder)."""
    folder = site / "fc_lifecycle" / "template"
    folder.mkdir(parents=True)
    data = git_bytes(repo, "archive", "--format=tar", commit)
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        tar.extractall(folder)  # noqa: S202 - our own test repository
    spec = folder / "cookiecutter.json"
    spec.write_text(history.stamped(spec.read_text(), commit))
    return folder


@pytest.mark.slow  # a whole update
def test_project_from_an_earlier_wheel_merges_offline(template, tmp_path, monkeypatch):
    first = git(template, "rev-parse", "HEAD")
    old = wheel_template(template, first, tmp_path / "old-venv")
    project = render(old, {"framework": "none", "project_name": "demo"}, tmp_path / "p")
    assert json.loads((project / ".fc-lifecycle.json").read_text())["template"]["commit"] == first
    append(project / "s.yaml", "# mine\n")
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "generated, edited"]):
        git(project, *args)
    second = release(template, "# v2\n")
    new = wheel_template(template, second, tmp_path / "new-venv")
    monkeypatch.setattr(template_source, "bundled_template", lambda: new)
    monkeypatch.setattr(template_source, "PACKED", tmp_path / history.NAME)
    history.pack(template, template_source.PACKED)
    git(template, "remote", "add", "gone", "file:///nowhere")  # nothing is fetched
    assert main(["update", str(project), "--no-input"]) == 0
    assert (project / "s.yaml").read_text().endswith("# mine\n")
    assert (project / "code" / "lifecycle.py").read_text().endswith("# v2\n")
    assert not list(project.rglob("*.fc-new"))
    assert json.loads((project / ".fc-lifecycle.json").read_text())["template"]["commit"] == second


@pytest.mark.slow  # a whole update
def test_project_from_a_newer_wheel_says_to_upgrade_and_writes_nothing(
    template, tmp_path, monkeypatch, capsys
):
    first = git(template, "rev-parse", "HEAD")
    old = wheel_template(template, first, tmp_path / "old-venv")
    monkeypatch.setattr(template_source, "PACKED", tmp_path / history.NAME)
    history.pack(template, template_source.PACKED)  # the older wheel's history ends at first
    second = release(template, "# v2\n")
    new = wheel_template(template, second, tmp_path / "new-venv")
    project = render(new, {"framework": "none", "project_name": "demo"}, tmp_path / "p")
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "generated"]):
        git(project, *args)
    before = tree(project)
    monkeypatch.setattr(template_source, "bundled_template", lambda: old)
    assert main(["update", str(project), "--no-input"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"newer fc-lifecycle (template v1 {second[:7]})" in err
    # fc-lifecycle is not on PyPI: the advice names a way that works (issue 27)
    assert "pip install -U /path/to/clone" in err and "--template PATH" in err
    assert "pip install -U fc-lifecycle" not in err
    assert tree(project) == before and not list(project.rglob("*.fc-new"))
    assert main(["check", str(project)]) == 2  # not "behind: run fc-lifecycle update"
    assert "pip install -U /path/to/clone" in capsys.readouterr().err
    # --template names the template to update from: no refusal
    assert main(["update", str(project), "--no-input", "--template", str(template)]) == 0


def test_a_higher_template_version_is_newer_without_history(monkeypatch):
    monkeypatch.setattr(template_source, "PACKED", Path("/nonexistent") / history.NAME)
    bundled = template_source.bundled()
    version = str(int(bundled.version) + 1)
    assert template_source.made_by_newer({"source": "", "commit": "", "version": version})
    same = {"source": "", "commit": "", "version": bundled.version}
    assert not template_source.made_by_newer(same)
    elsewhere = {"source": "/my/template", "commit": "", "version": version}
    assert not template_source.made_by_newer(elsewhere)


@pytest.mark.parametrize("source", ["/old/venv/lib/fc_lifecycle/template", ""])
def test_bundled_source_elsewhere_targets_the_bundled_template(source, tmp_path):
    record = {"source": source, "commit": "", "version": "1"}
    target = template_source.find_target(record, None, None, tmp_path)
    assert target.path == template_source.bundled().path


def test_missing_local_source_is_an_error_not_the_bundled_template(tmp_path):
    record = {"source": str(tmp_path / "gone"), "commit": "", "version": "1"}
    with pytest.raises(template_source.UserError, match="--template PATH"):
        template_source.find_target(record, None, None, tmp_path)
