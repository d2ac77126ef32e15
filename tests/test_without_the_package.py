"""Plain cookiecutter and cruft where fc-lifecycle is not installed: the Jinja extension and
the hooks import ``fc_template`` from the template folder itself."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def bare_python(tmp_path_factory) -> Path:
    """A Python that has cookiecutter and cruft (this venv's packages on PYTHONPATH, which
    skips the .pth file of the editable install) but cannot import fc_template."""
    venv = tmp_path_factory.mktemp("bare") / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    probe = subprocess.run(
        [str(python), "-c", "import cookiecutter, cruft, fc_template"],
        env=bare_env(), capture_output=True, text=True, cwd=venv,
    )  # fmt: skip
    assert "No module named 'fc_template'" in probe.stderr
    return python


def bare_env() -> dict:
    return {**os.environ, "PYTHONPATH": sysconfig.get_paths()["purelib"]}


def run(python: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(python), *args], cwd=cwd, env=bare_env(), capture_output=True,
                          text=True)  # fmt: skip


def test_cookiecutter_renders_and_refuses(bare_python, template_repo, tmp_path):
    made = run(bare_python, tmp_path, "-m", "cookiecutter", str(template_repo), "--no-input")
    assert made.returncode == 0, made.stderr
    record = json.loads((tmp_path / "fc-lifecycle-app" / ".fc-lifecycle.json").read_text())
    assert record["template"]["source"] == str(template_repo)
    refused = run(bare_python, tmp_path, "-m", "cookiecutter", str(template_repo), "--no-input",
                  "-o", "out", "timeout=0")  # fmt: skip
    assert refused.returncode == 1
    assert refused.stderr.startswith("error: timeout: ") and refused.stderr.count("\n") == 1
    assert not (tmp_path / "out").exists()


def test_cruft_creates(bare_python, template_repo, tmp_path):
    cruft = "from cruft._cli import app; app()"
    made = run(bare_python, tmp_path, "-c", cruft, "create", str(template_repo), "--no-input")
    assert made.returncode == 0, made.stderr
    assert (tmp_path / "fc-lifecycle-app" / ".cruft.json").is_file()
