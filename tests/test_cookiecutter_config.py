"""Plain cookiecutter with a config file, `--replay` and `--replay-file` (no fc-lifecycle code)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

COOKIECUTTER = Path(sys.executable).parent / "cookiecutter"


def cookiecutter(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(COOKIECUTTER), str(ROOT), *args], cwd=tmp_path, capture_output=True, text=True
    )


def answers(out: Path) -> dict:
    (answers_file,) = out.glob("*/.fc-lifecycle.json")
    return json.loads(answers_file.read_text())["answers"]


def config(tmp_path: Path, default_context: str) -> Path:
    path = tmp_path / "cookiecutter.yaml"
    path.write_text(
        f"replay_dir: {tmp_path / 'replay'}\n"
        f"cookiecutters_dir: {tmp_path / 'cookiecutters'}\n"
        f"default_context:\n{default_context}"
    )
    return path


QUOTED = '  python_version: "3.10"\n  region: "cn-shanghai"\n  memory_size: 1024\n'


def test_a_config_files_default_context_is_used(tmp_path):
    result = cookiecutter(tmp_path, "--no-input", "--config-file", str(config(tmp_path, QUOTED)))
    assert result.returncode == 0, result.stderr
    got = answers(tmp_path)
    assert (got["python_version"], got["region"], got["memory_size"]) == (
        "3.10",
        "cn-shanghai",
        1024,
    )


def test_an_unquoted_version_drops_the_whole_default_context(tmp_path):
    """YAML reads 3.10 as the number 3.1: cookiecutter warns and ignores every default,
    the region too. This is why the README quotes versions."""
    unquoted = QUOTED.replace('"3.10"', "3.10")
    result = cookiecutter(tmp_path, "--no-input", "--config-file", str(config(tmp_path, unquoted)))
    assert result.returncode == 0, result.stderr
    assert (answers(tmp_path)["python_version"], answers(tmp_path)["region"]) == (
        "3.12",
        "cn-hangzhou",
    )


def test_a_bad_default_in_a_config_file_is_one_line(tmp_path):
    bad = config(tmp_path, "  memory_size: 100\n")
    result = cookiecutter(tmp_path, "--no-input", "--config-file", str(bad), "-o", "out")
    assert result.returncode == 1
    assert result.stderr.startswith("error: memory_size: ") and result.stderr.count("\n") == 1
    assert not (tmp_path / "out").exists()


def test_replay_makes_the_same_project_again(tmp_path):
    cfg = str(config(tmp_path, QUOTED))
    first = cookiecutter(
        tmp_path, "--no-input", "--config-file", cfg, "-o", "one", "framework=none"
    )
    assert first.returncode == 0, first.stderr
    again = cookiecutter(tmp_path, "--replay", "--config-file", cfg, "-o", "two")
    assert again.returncode == 0, again.stderr
    assert answers(tmp_path / "two") == answers(tmp_path / "one")
    assert answers(tmp_path / "two")["framework"] == "none"


def test_a_replay_file_with_a_bad_answer_is_one_line(tmp_path):
    cfg = str(config(tmp_path, ""))
    assert cookiecutter(tmp_path, "--no-input", "--config-file", cfg, "-o", "one").returncode == 0
    (saved,) = (tmp_path / "replay").glob("*.json")
    replay = json.loads(saved.read_text())
    replay["cookiecutter"]["timeout"] = "0"
    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps(replay))
    result = cookiecutter(tmp_path, "--replay-file", str(edited), "--config-file", cfg, "-o", "two")
    assert result.returncode == 1
    assert result.stderr.startswith("error: timeout: must be a whole number in 1-86400 s")
    assert result.stderr.count("\n") == 1
    assert not (tmp_path / "two").exists()
