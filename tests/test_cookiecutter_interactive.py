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

pytestmark = pytest.mark.e2e
COOKIECUTTER = Path(sys.executable).parent / "cookiecutter"
BEFORE_HOOKS = ["Project name", "Folder name", "FC function name", "One-line description",
                "Function type", "Web framework", "Event trigger", "Timer cron", "Timer payload",
                "OSS bucket", "OSS event types", "Python version"]  # fmt: skip
AFTER_INITIALIZER = ["Add the PreStop hook", "PreStop timeout", "Region", "Memory in MB",
                     "Request timeout", "Concurrent requests", "HTTP trigger",
                     "CI/CD pipeline", "Language of the generated README"]  # fmt: skip


def start(tmp_path: Path) -> pexpect.spawn:
    child = pexpect.spawn(
        str(COOKIECUTTER), [str(ROOT), "-o", "out"], cwd=str(tmp_path), encoding="utf-8",
        timeout=30, dimensions=(40, 200), env={**os.environ, "TERM": "dumb", "NO_COLOR": "1"},
    )  # fmt: skip
    for prompt in BEFORE_HOOKS:
        child.expect(prompt)
        child.sendline("")
    return child


def test_a_bad_answer_ends_the_run_before_the_next_question(tmp_path):
    child = start(tmp_path)
    child.expect("Add the Initializer hook")
    child.sendline("y")
    child.expect("Initializer timeout")
    child.sendline("999")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1
    after = child.before.replace("\r", "")
    assert "error: initializer_timeout: must be a whole number in 1-300 s (got 999)" in after
    assert "PreStop" not in after and "Traceback" not in after
    assert not (tmp_path / "out").exists()


def test_a_declined_hooks_timeout_says_it_is_ignored_and_is_not_checked(tmp_path):
    child = start(tmp_path)
    child.expect("Add the Initializer hook")
    child.sendline("n")
    child.expect(r"Initializer timeout in seconds \(1-300; ignored without the\s+Initializer\)")
    child.sendline("abc")
    for prompt in AFTER_INITIALIZER:
        child.expect(prompt)
        child.sendline("")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    record = json.loads((tmp_path / "out" / "fc-lifecycle-app" / ".fc-lifecycle.json").read_text())
    assert (record["answers"]["initializer"], record["answers"]["initializer_timeout"]) == (
        False,
        30,
    )
