"""Plain cookiecutter asked in a real terminal: a bad answer ends the run right after it is
given; a declined hook's timeout is still asked (cookiecutter cannot skip a question), says it
is ignored, and is not checked."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pexpect
import pytest
from conftest import ROOT
from helpers.terminal import COOKIECUTTER, answer

pytestmark = pytest.mark.e2e
PROGRAM = Path(sys.executable).parent / "cookiecutter"


def start(tmp_path: Path) -> pexpect.spawn:
    return pexpect.spawn(
        str(PROGRAM), [str(ROOT), "-o", "out"], cwd=str(tmp_path), encoding="utf-8",
        timeout=30, dimensions=(40, 200), env={**os.environ, "TERM": "dumb", "NO_COLOR": "1"},
    )  # fmt: skip


def test_a_bad_answer_ends_the_run_before_the_next_question(tmp_path):
    child = start(tmp_path)
    keys = {"initializer": "y\r", "initializer_timeout": "999\r"}
    asked = answer(child, keys, prompt=COOKIECUTTER)
    child.close()
    assert child.exitstatus == 1
    after = child.before.replace("\r", "")
    assert "error: initializer_timeout: must be a whole number in 1-300 s (got 999)" in after
    assert list(asked)[-1] == "initializer_timeout"
    assert "PreStop" not in after and "Traceback" not in after
    assert not (tmp_path / "out").exists()


def test_a_declined_hooks_timeout_says_it_is_ignored_and_is_not_checked(tmp_path):
    child = start(tmp_path)

    def ignored(child: pexpect.spawn) -> None:
        child.expect(r"^\s*Initializer\)")  # the label's end, on the next line
        child.sendline("abc")

    keys = {"initializer": "n\r", "initializer_timeout": ignored}
    shown = answer(child, keys, prompt=COOKIECUTTER)
    said = "Initializer timeout in seconds (1-300; ignored without the"
    assert shown["initializer_timeout"].startswith(said)
    child.close()
    assert child.exitstatus == 0, child.before
    record = json.loads((tmp_path / "out" / "fc-lifecycle-app" / ".fc-lifecycle.json").read_text())
    assert (record["answers"]["initializer"], record["answers"]["initializer_timeout"]) == (
        False,
        30,
    )
