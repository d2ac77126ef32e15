"""Plain cookiecutter replays (``--replay-file``): derived values are derived again from the
answers, the template's own data is used, and a bad choice is one line with no folder."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

COOKIECUTTER = Path(sys.executable).parent / "cookiecutter"
pytestmark = pytest.mark.e2e  # the cookiecutter command, as a user runs it


def cookiecutter(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(COOKIECUTTER), str(ROOT), *args], cwd=cwd, capture_output=True, text=True
    )


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


@pytest.fixture(scope="module")
def saved(tmp_path_factory) -> tuple[Path, dict]:
    """A folder with a cookiecutter config, and the replay of a default project."""
    folder = tmp_path_factory.mktemp("replays")
    config = folder / "config.yaml"
    config.write_text(f"replay_dir: {folder / 'replay'}\ncookiecutters_dir: {folder / 'cc'}\n")
    first = cookiecutter(folder, "--no-input", "--config-file", str(config), "-o", "first")
    assert first.returncode == 0, first.stderr
    (replay,) = (folder / "replay").glob("*.json")
    return folder, json.loads(replay.read_text())


def replay_with(saved, tmp_path, **changes) -> subprocess.CompletedProcess:
    folder, replay = saved
    edited = json.loads(json.dumps(replay))
    for name, value in changes.items():
        edited["cookiecutter"][name] = value
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(edited))
    config = str(folder / "config.yaml")
    return cookiecutter(tmp_path, "--replay-file", str(path), "--config-file", config, "-o", "out")


EDITS = {
    "python_version": "3.9",
    "memory_size": 4096,
    "project_slug": "edited-slug",
    "description": 'Said "hi"',
}


@pytest.fixture(scope="module")
def fresh(saved) -> dict[str, bytes]:
    """A new project with the edited answers (oss_bucket, an answer whose default follows
    the slug, as the replay has it)."""
    folder, replay = saved
    kept = {"oss_bucket": replay["cookiecutter"]["oss_bucket"]}
    flags = [f"{name}={value}" for name, value in {**EDITS, **kept}.items()]
    result = cookiecutter(folder, "--no-input", "-o", "fresh", *flags)
    assert result.returncode == 0, result.stderr
    return tree(folder / "fresh" / "edited-slug")


@pytest.mark.parametrize(
    "tamper",
    [
        {},
        # A replay's private data and derived values are the old run's: stale or edited.
        {"_python": {"3.9": {"runtime": "custom.evil", "bin": "/tmp", "layer": "", "eol": ""}}},
        {"__project_dir": "../escaped", "__cpu": "16", "__runtime": "custom.debian11"},
    ],
    ids=["edited-answers", "edited-python-table", "edited-derived-values"],
)
def test_an_edited_replay_makes_what_the_same_answers_make(saved, fresh, tmp_path, tamper):
    result = replay_with(saved, tmp_path, **EDITS, **tamper)
    assert result.returncode == 0, result.stderr
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["edited-slug"]
    assert tree(tmp_path / "out" / "edited-slug") == fresh
    s_yaml = (tmp_path / "out" / "edited-slug" / "s.yaml").read_text()
    assert "runtime: custom.debian10" in s_yaml and "Python39" in s_yaml
    assert not (tmp_path / "escaped").exists()


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("framework", "rails", "error: framework: must be one of flask, fastapi, django, none"),
        ("python_version", "2.7", "error: python_version: must be one of 3.12, 3.11, 3.10, 3.9"),
    ],
)
def test_a_bad_choice_in_a_replay_is_one_line_and_no_folder(saved, tmp_path, name, value, message):
    result = replay_with(saved, tmp_path, **{name: value})
    assert result.returncode == 1
    assert result.stderr.startswith(message) and result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert not (tmp_path / "out").exists()
