"""The first hour as a new user (issue 27): messages that say what to do, in the form the
user typed it, and the project before anything else."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

from test_run import FAST, fc_run, make_app, with_venv


def fc(*argv: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "fc_lifecycle", *argv],
        capture_output=True, text=True, cwd=cwd, timeout=120,
    )  # fmt: skip


def test_run_without_s_yaml_says_so_before_the_port(tmp_path):
    with socket.socket() as busy:  # the default port being busy must not hide the real problem
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = fc("run", str(tmp_path), "--listen", f"127.0.0.1:{port}")
    assert result.returncode == 2
    assert result.stderr == f"error: run: no s.yaml in {tmp_path} (give a project folder)\n"


def test_busy_port_names_the_make_form_too(tmp_path):
    project = make_app(tmp_path, "ok")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = fc("run", str(project), "--listen", f"127.0.0.1:{port}")
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert f'make run ARGS="--listen 127.0.0.1:{port + 1}"' in result.stderr


def test_run_names_the_python_when_the_project_has_no_venv(tmp_path):
    result = fc_run(make_app(tmp_path, "ok"), "--invoke", *FAST)
    assert result.returncode == 0, result.stderr
    named = [line for line in result.stderr.splitlines() if "the code runs on" in line]
    assert named == [
        f"fc-lifecycle | the code runs on {Path(sys.executable).parent / 'python3'}"
        ": the project has no .venv; make run makes one"
    ]


def test_run_says_nothing_of_the_python_when_it_is_the_projects_venv(tmp_path):
    result = fc_run(with_venv(make_app(tmp_path, "ok")), "--invoke", *FAST)
    assert result.returncode == 0, result.stderr
    assert "the code runs on" not in result.stderr
