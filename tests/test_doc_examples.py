"""The documented examples stay true: every ``console`` block marked ``<!-- runnable -->``
in README.md and docs/ is run, and what it shows must be what the commands print.

In such a block, a line starting with ``$ `` is a command (``path/to/fc-lifecycle`` stands
for this checkout), and the lines after it, up to the next command, are lines it prints
(stdout or stderr, in that order, other lines allowed between them: a traceback shows only
its last line). The commands run offline, in an empty folder, with a temporary HOME.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

BLOCK = re.compile(r"<!-- runnable -->\n```console\n(.*?)```", re.S)
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]


def examples() -> list:
    """(page, command, expected lines) for every command of every runnable block."""
    found = []
    for page in PAGES:
        for block in BLOCK.findall(page.read_text(encoding="utf-8")):
            for chunk in re.split(r"^\$ ", block, flags=re.M)[1:]:
                command, *shown = chunk.rstrip("\n").split("\n")
                found.append(pytest.param(command, shown, id=f"{page.name}: {command}"))
    return found


def test_some_examples_are_runnable() -> None:
    assert len(examples()) >= 5


@pytest.mark.parametrize(("command", "shown"), examples())
def test_documented_example(command: str, shown: list[str], tmp_path: Path) -> None:
    argv = [word.replace("path/to/fc-lifecycle", str(ROOT)) for word in shlex.split(command)]
    tool = Path(sys.executable).parent / argv[0]  # cookiecutter, fc-lifecycle: this venv's
    home = tmp_path / "home"
    home.mkdir()
    result = subprocess.run(
        [str(tool), *argv[1:]], cwd=tmp_path, capture_output=True, text=True, timeout=120,
        env={**os.environ, "HOME": str(home)},
    )  # fmt: skip
    printed = (result.stdout + result.stderr).splitlines()
    position = 0
    for line in shown:
        assert line in printed[position:], f"{command!r} did not print {line!r}:\n" + "\n".join(
            printed[-10:]
        )
        position = printed.index(line, position) + 1
