"""The generated project's scripts as units (no venvs): interpreter search, runner."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from conftest import ROOT

SCRIPT = ROOT / "{{cookiecutter.__project_dir}}" / "scripts" / "devenv.py"
spec = importlib.util.spec_from_file_location("devenv", SCRIPT)
devenv = sys.modules["devenv"] = importlib.util.module_from_spec(spec)
spec.loader.exec_module(devenv)


def fake_python(path: Path, version: str | None) -> Path:
    """An executable that answers like Python ``version``, or fails like a dead pyenv shim."""
    path.parent.mkdir(parents=True, exist_ok=True)
    dead = "echo 'pyenv: python3.12: command not found' >&2; exit 127"
    body = f"echo {version}" if version else dead
    path.write_text(f"#!/bin/sh\n{body}\n")
    path.chmod(0o755)
    return path


@pytest.fixture
def machine(tmp_path, monkeypatch):
    """An empty PATH and pyenv root to put interpreters in."""
    bin_dir, pyenv = tmp_path / "bin", tmp_path / "pyenv"
    bin_dir.mkdir()
    monkeypatch.setenv("PATH", str(bin_dir))
    monkeypatch.setenv("PYENV_ROOT", str(pyenv))
    return bin_dir, pyenv


def test_a_shim_that_does_not_run_is_skipped_for_pyenvs_newest_patch(machine):
    bin_dir, pyenv = machine
    fake_python(bin_dir / "python3.12", None)
    fake_python(pyenv / "versions/3.12.1/bin/python3.12", "3.12")
    newest = fake_python(pyenv / "versions/3.12.10/bin/python3.12", "3.12")
    python, line = devenv.find("3.12")
    assert python.path == str(newest)
    assert line == f"Python 3.12: {newest} (from pyenv)"


def test_python_on_path_comes_first(machine):
    bin_dir, pyenv = machine
    on_path = fake_python(bin_dir / "python3.10", "3.10")
    fake_python(pyenv / "versions/3.10.13/bin/python3.10", "3.10")
    assert devenv.find("3.10")[0].path == str(on_path)


def test_a_pyenv_shim_on_path_is_passed_over_for_the_version_it_would_start(machine):
    bin_dir, pyenv = machine
    shim = fake_python(pyenv / "shims/python3.11", "3.11")
    installed = fake_python(pyenv / "versions/3.11.7/bin/python3.11", "3.11")
    (bin_dir / "uv").write_text(f"#!/bin/sh\necho asked >> {bin_dir}/uv.log\n")
    (bin_dir / "uv").chmod(0o755)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PATH", f"{shim.parent}:{bin_dir}")
        python, line = devenv.find("3.11")
    assert line == f"Python 3.11: {installed} (from pyenv)"
    assert not (bin_dir / "uv.log").exists()  # uv is asked only when pyenv has none


def test_uv_is_asked_when_nothing_else_has_it(machine, tmp_path):
    bin_dir, _ = machine
    found = fake_python(tmp_path / "uv-python/bin/python3.13", "3.13")
    (bin_dir / "uv").write_text(f"#!/bin/sh\necho {found}\n")
    (bin_dir / "uv").chmod(0o755)
    python, _ = devenv.find("3.13")
    assert (python.path, python.found_by) == (str(found), "uv")


def test_missing_version_falls_back_and_says_so_in_one_line(machine):
    python, line = devenv.find("3.9")
    assert python.found_by == "fallback" and python.path == sys.executable
    assert line.startswith("Python 3.9 (FC's) not found in PATH, pyenv or uv: falling back to ")
    assert "\n" not in line


def test_override_of_another_version_is_named(machine, tmp_path):
    other = fake_python(tmp_path / "py311", "3.11")
    python, line = devenv.find("3.12", str(other))
    assert python.version == "3.11"
    assert line.endswith("FC runs 3.12, so tests run on another version")


@pytest.mark.parametrize(
    ("source", "url"),
    [
        ("gh:org/fc-lifecycle", "git+https://github.com/org/fc-lifecycle.git"),
        ("https://example.com/a/fc.git", "git+https://example.com/a/fc.git"),
        ("git@example.com:a/fc.git", "git+ssh://git@example.com/a/fc.git"),
        ("/site-packages/fc_lifecycle/template", None),
    ],
)
def test_git_url(source, url):
    assert devenv.git_url(source) == url


def test_runner_source_is_the_template_clone_or_its_git_url_at_the_commit(tmp_path):
    answers = tmp_path / "answers.json"
    answers.write_text(f'{{"template": {{"source": "{ROOT}", "commit": "abc"}}}}')
    assert devenv.runner_source(answers) == str(ROOT)
    answers.write_text('{"template": {"source": "gh:org/fc", "commit": "abc"}}')
    assert devenv.runner_source(answers) == "fc-lifecycle @ git+https://github.com/org/fc.git@abc"
    answers.write_text('{"template": {"source": "/nowhere", "commit": ""}}')
    assert devenv.runner_source(answers) is None


def test_runner_requirement_from_the_environment_wins(tmp_path, monkeypatch):
    answers = tmp_path / "answers.json"
    answers.write_text('{"template": {"source": "/nowhere", "commit": ""}}')
    assert devenv.runner_requirement(answers) is None
    monkeypatch.setenv("FC_LIFECYCLE_REQUIREMENT", "fc-lifecycle @ git+https://example.com/fc@v1")
    assert devenv.runner_requirement(answers) == "fc-lifecycle @ git+https://example.com/fc@v1"


def test_requirements_are_installed_again_only_when_a_file_of_their_set_changes(
    tmp_path, monkeypatch
):
    """``make test`` installs requirements-dev.txt, ``make lint`` requirements-lint.txt (which
    includes it): each once, then again only when one of the files of its set changes."""
    for name, text in [("requirements-lint.txt", "-r requirements-dev.txt\nruff\n"),
                       ("requirements-dev.txt", "-r code/requirements.txt\npytest\n"),
                       ("code/requirements.txt", "flask\n")]:  # fmt: skip
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(text)
    log = tmp_path / "pip.log"
    python = fake_python(tmp_path / ".venv/bin/python", "3.12")
    python.write_text(f'#!/bin/sh\n[ "$1" = -c ] && echo 3.12 && exit 0\necho "$@" >> {log}\n')
    monkeypatch.setattr(devenv, "ROOT", tmp_path)
    monkeypatch.setattr(devenv, "VENV", tmp_path / ".venv")
    interpreter = devenv.Interpreter(str(python), "3.12", "PATH")

    def installed(lint: bool = False) -> list[str]:
        """The files pip was asked to install by one run."""
        devenv.ensure_venv(interpreter, lint)
        runs = log.read_text().splitlines() if log.exists() else []
        log.unlink(missing_ok=True)
        return [run.split(" -r ")[1].removeprefix(f"{tmp_path}/") for run in runs]

    def change(name: str) -> None:
        with open(tmp_path / name, "a") as requirements:
            requirements.write("packaging\n")

    assert installed() == ["requirements-dev.txt"]
    assert installed() == []
    assert installed(lint=True) == ["requirements-lint.txt"]
    assert installed(lint=True) == installed() == []  # the lint set brought the dev set
    change("requirements-lint.txt")
    assert installed() == []
    assert installed(lint=True) == ["requirements-lint.txt"]
    change("code/requirements.txt")
    assert installed(lint=True) == ["requirements-lint.txt"]
    assert installed() == []
    change("requirements-dev.txt")
    assert installed() == ["requirements-dev.txt"]
    assert installed(lint=True) == ["requirements-lint.txt"]
