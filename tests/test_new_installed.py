"""The installed ``fc-lifecycle``: a real terminal session, and a wheel carrying the template."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pexpect
import pytest
from conftest import ROOT
from helpers.terminal import answer
from helpers.wheel import build_wheel

pytestmark = pytest.mark.e2e
SCRIPT = Path(sys.executable).parent / "fc-lifecycle"


def test_wizard_in_a_real_terminal(tmp_path):
    child = pexpect.spawn(
        str(SCRIPT), ["new", "-o", str(tmp_path)], cwd=str(tmp_path), encoding="utf-8",
        timeout=30, dimensions=(40, 120), env={**os.environ, "TERM": "xterm"},
    )  # fmt: skip
    keys = {
        "project_name": "\x15Terminal Shop\r",
        "framework": "\x1b[B\x1b[B\x1b[B\r",  # the fourth choice: no framework
        "python_version": "\x1b[B\r",  # 3.11
        "hooks": "\x1b[B \r",  # PreStop off
        "region": "hongkong\r",
        "advanced": "n",
    }
    answer(child, keys, until="generate")
    child.send("y")
    child.expect("Next steps")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    answers = json.loads((tmp_path / "terminal-shop" / ".fc-lifecycle.json").read_text())["answers"]
    assert answers["framework"] == "none"
    assert answers["python_version"] == "3.11"
    assert (answers["initializer"], answers["pre_stop"]) == (True, False)
    assert answers["region"] == "cn-hongkong"


def test_wheel_carries_the_template_and_works_offline(tmp_path):
    wheel = build_wheel(ROOT, tmp_path / "wheels")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    target = venv / "lib" / f"python{sys.version_info[0]}.{sys.version_info[1]}" / "site-packages"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "-q",
         "--target", str(target), str(wheel)], check=True,
    )  # fmt: skip
    # The new environment borrows this one's dependencies, never this checkout.
    env = {**os.environ, "PYTHONPATH": sysconfig.get_paths()["purelib"]}
    work = tmp_path / "elsewhere"
    work.mkdir()
    result = subprocess.run(
        [str(venv / "bin" / "python"), "-m", "fc_lifecycle", "new", "--no-input", "-q",
         "--framework", "none"], cwd=work, env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    record = json.loads((work / "fc-lifecycle-app" / ".fc-lifecycle.json").read_text())
    assert str(target) in record["template"]["source"]
    assert (work / "fc-lifecycle-app" / "code" / "server.py").is_file()
    # The compiled catalog is in the wheel: the installed CLI speaks Chinese.
    assert (target / "fc_lifecycle" / "locale" / "zh" / "LC_MESSAGES" / "fc_lifecycle.mo").is_file()
    refused = subprocess.run(
        [str(venv / "bin" / "python"), "-m", "fc_lifecycle", "new", "--lang", "zh", "--no-input",
         "--memory-size", "130"], cwd=work, env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert refused.returncode == 2
    assert refused.stderr.startswith("错误：--memory-size: 必须是 128-32768 MB 之间的整数")
