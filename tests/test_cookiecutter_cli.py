"""The template used by plain ``cookiecutter``, with no fc-lifecycle code involved."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SPEC

COOKIECUTTER = Path(sys.executable).parent / "cookiecutter"


def run_cookiecutter(out: Path, *answers: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(COOKIECUTTER), str(ROOT), "--no-input", "-o", str(out), *answers],
        capture_output=True, text=True, env=os.environ,
    )  # fmt: skip


def test_defaults_render_a_project(tmp_path):
    result = run_cookiecutter(tmp_path)
    assert result.returncode == 0, result.stderr
    record = json.loads((tmp_path / "fc-lifecycle-app" / ".fc-lifecycle.json").read_text())
    assert record["answers"]["framework"] == "flask"
    assert record["template"]["source"] == str(ROOT)


def test_answers_on_the_command_line_are_used(tmp_path):
    result = run_cookiecutter(tmp_path, "framework=fastapi", "python_version=3.10", "pre_stop=no")
    assert result.returncode == 0, result.stderr
    answers = json.loads((tmp_path / "fc-lifecycle-app" / ".fc-lifecycle.json").read_text())
    assert answers["answers"]["pre_stop"] is False
    assert answers["answers"]["python_version"] == "3.10"


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ("function_name=1abc", "error: function_name: must be 1-64 letters"),
        ("project_slug=../escape", "error: project_slug: must be a folder name"),
        ("initializer_timeout=301", "error: initializer_timeout: must be a whole number in 1-300"),
        ("pre_stop_timeout=abc", "error: pre_stop_timeout: must be a whole number"),
        ("memory_size=130", "error: memory_size: must be a whole number in 128-32768 MB"),
        ("instance_concurrency=0", "error: instance_concurrency: must be a whole number in 1-200"),
    ],
)
def test_invalid_answer_fails_with_one_line_and_writes_nothing(tmp_path, answer, message):
    """The Jinja extension in ``_extensions`` refuses while cookiecutter renders the answers:
    before any hook runs and before the output folder is created."""
    out = tmp_path / "out"
    result = run_cookiecutter(out, answer)
    assert result.returncode == 1
    assert result.stderr.startswith(message) and result.stderr.count("\n") == 1, result.stderr
    assert result.stdout == ""
    assert not out.exists()


@pytest.mark.parametrize("slug", ["..", ".", "", "a/b", "../../x"])
def test_unsafe_slug_never_touches_anything_outside(tmp_path, slug):
    """cookiecutter creates the project folder before any hook runs and removes it when a
    hook fails: with a raw ``..`` slug that folder would be the output's parent. The answer
    is refused before that (and the folder name is a derived safe name anyway)."""
    parent = tmp_path / "parent"
    parent.mkdir()
    (parent / "precious.txt").write_text("keep\n")
    result = run_cookiecutter(parent / "new", f"project_slug={slug}")
    assert result.returncode != 0
    assert "error: project_slug: must be a folder name" in result.stderr
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["parent", "precious.txt"]
    assert (parent / "precious.txt").read_text() == "keep\n"


def recorded_template(project_parent: Path) -> dict:
    (answers_file,) = project_parent.glob("*/.fc-lifecycle.json")
    return json.loads(answers_file.read_text())["template"]


def bake(cwd: Path, template: str) -> dict:
    """Run plain cookiecutter on ``template`` from ``cwd``; return the recorded template."""
    result = subprocess.run(
        [str(COOKIECUTTER), template, "--no-input", "-o", "out"],
        cwd=cwd, capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return recorded_template(cwd / "out")


@pytest.fixture
def zipped(template_repo, tmp_path) -> Path:
    archive = tmp_path / "fc-lifecycle.zip"
    subprocess.run(
        ["git", "archive", "--format=zip", "--prefix=fc-lifecycle/", "-o", str(archive), "HEAD"],
        cwd=template_repo, check=True,
    )  # fmt: skip
    return archive


@pytest.mark.slow  # a cookiecutter process on a zip or a clone
def test_a_zip_given_as_a_relative_path_records_no_source(zipped):
    """cookiecutter unpacks a zip into a temporary folder and deletes it: nothing to record."""
    assert bake(zipped.parent, zipped.name) == {
        "checkout": "", "commit": "", "source": "", "version": SPEC["_version"],
    }  # fmt: skip


@pytest.mark.slow  # a cookiecutter process on a zip or a clone
def test_a_zip_given_as_an_absolute_path_is_recorded_as_given(zipped):
    template = bake(zipped.parent, str(zipped))
    assert (template["source"], template["commit"]) == (str(zipped), "")


@pytest.mark.slow  # a cookiecutter process on a zip or a clone
def test_a_git_url_is_recorded_with_the_commit_of_cookiecutters_clone(template_repo, tmp_path):
    url = f"git+file://{template_repo}"
    template = bake(tmp_path, url)
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=template_repo, text=True,
                          capture_output=True, check=True).stdout.strip()  # fmt: skip
    assert (template["source"], template["commit"]) == (url, head)
