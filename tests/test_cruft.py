"""cruft, as its users run it, on a local git clone of this repository (offline).

create, commit, edit a file, commit a template change in the clone: ``cruft check`` says
the project is out of date, ``cruft update`` applies the change with no ``.rej`` and keeps
the edit. ``--variables-to-update`` re-derives the project; a bad answer is one line.
"""

from __future__ import annotations

import json
import stat
import subprocess
import sys
from pathlib import Path

import pytest

CRUFT = Path(sys.executable).parent / "cruft"
README = "templates/text/en/README.md"  # the words of the tree's README.md (language en)
pytestmark = pytest.mark.e2e  # cruft processes, each rendering a project


def run(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run(args, cwd=cwd, capture_output=True, text=True)
    if check:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


def cruft(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    return run(cwd, str(CRUFT), *args, check=check)


def commit_all(repo: Path, message: str) -> None:
    run(repo, "git", "add", "-A")
    run(repo, "git", "commit", "-qm", message)


@pytest.fixture
def template(template_repo, tmp_path) -> Path:
    """A clone of this repository for one test (it commits template changes into it)."""
    repo = tmp_path / "template"
    run(tmp_path, "git", "clone", "-q", str(template_repo), str(repo))
    return repo


@pytest.fixture
def project(template, tmp_path) -> Path:
    """A project made by ``cruft create``, committed."""
    cruft(tmp_path, "create", str(template), "--no-input", "--output-dir", str(tmp_path))
    folder = tmp_path / "fc-lifecycle-app"
    run(folder, "git", "init", "-q")
    commit_all(folder, "created")
    return folder


def rejects(folder: Path) -> list[str]:
    return [p.name for p in folder.rglob("*.rej")]


def test_create_records_the_clone_as_source_and_diff_is_clean(project, template):
    record = json.loads((project / ".fc-lifecycle.json").read_text())
    assert record["template"]["source"] == str(template)
    assert record["template"]["commit"] == run(template, "git", "rev-parse", "HEAD").stdout.strip()
    assert stat.S_IMODE((project / "code" / "bootstrap").stat().st_mode) == 0o755
    assert cruft(project, "check").returncode == 0
    assert cruft(project, "diff", "--exit-code").stdout == ""


def test_update_applies_a_template_change_and_keeps_the_users_edit(project, template):
    lifecycle = project / "code" / "lifecycle.py"
    lifecycle.write_text(lifecycle.read_text() + "# mine\n")
    commit_all(project, "my edit")
    readme = template / README
    readme.write_text(readme.read_text().replace("## How the lifecycle hooks", "## How hooks"))
    commit_all(template, "template change")

    assert cruft(project, "check", check=False).returncode == 1
    cruft(project, "update", "--skip-apply-ask")

    assert rejects(project) == []
    assert lifecycle.read_text().endswith("# mine\n")
    assert "## How hooks" in (project / "README.md").read_text()
    record = json.loads((project / ".fc-lifecycle.json").read_text())
    assert record["template"]["commit"] == run(template, "git", "rev-parse", "HEAD").stdout.strip()
    commit_all(project, "updated")
    assert cruft(project, "check").returncode == 0


def test_variables_to_update_rederives_the_project(project):
    cruft(
        project, "update", "--skip-apply-ask",
        "--variables-to-update", json.dumps({"framework": "fastapi", "pre_stop": False}),
    )  # fmt: skip
    assert rejects(project) == []
    assert (project / "code" / "app" / "main.py").is_file()
    assert not (project / "tests" / "test_pre_stop.py").exists()
    assert "preStop" not in (project / "s.yaml").read_text()
    assert json.loads((project / ".fc-lifecycle.json").read_text())["answers"]["pre_stop"] is False
    assert stat.S_IMODE((project / "code" / "bootstrap").stat().st_mode) == 0o755


def test_a_bad_answer_is_one_line_and_writes_nothing(template, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    result = cruft(
        out, "create", str(template), "--no-input",
        "--extra-context", json.dumps({"memory_size": 100}), check=False,
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.startswith("error: memory_size: must be a whole number in 128-32768 MB")
    assert result.stderr.count("\n") == 1 and result.stdout == ""
    assert list(out.iterdir()) == []


def test_a_bad_variable_to_update_is_one_line_and_changes_nothing(project):
    result = cruft(
        project, "update", "--skip-apply-ask",
        "--variables-to-update", json.dumps({"pre_stop_timeout": 91}), check=False,
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.startswith("error: pre_stop_timeout: must be a whole number in 1-90 s")
    assert run(project, "git", "status", "--porcelain").stdout == ""
