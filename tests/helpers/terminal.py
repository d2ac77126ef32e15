"""Answer questions in a real terminal (pexpect) by question name, not by their order.

``answer(child, keys, until=...)`` reads each prompt the program shows, recognises its
question by its text (the ``__prompts__`` and ``_wizard`` labels of ``cookiecutter.json``,
in every language of fc-lifecycle's catalogs; ``helpers.wizard.prompt_names``), types
``keys[name]`` there and Enter at every other question. So a question added to
``cookiecutter.json`` gets its default and breaks no test; a prompt that is no question of
the template fails the test, naming it. A key may be a function of the child instead of
text, for a test that looks at the prompt (its default, its choices) or types in steps.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pexpect
import pytest

from helpers.wizard import ENTER, prompt_names

ROOT = Path(__file__).resolve().parents[2]
SPEC = json.loads((ROOT / "cookiecutter.json").read_text(encoding="utf-8"))
# fc-lifecycle's wizard (questionary in an xterm): a prompt is the styled "?" and then its
# message. A redraw of the same prompt (each key typed) shows it again: it is not a new one.
WIZARD = re.compile(r"\?(?:\x1b\[[\d;]*m)+ (?P<message>[^\x1b\r\n]+?) ?\x1b\[")
# Plain cookiecutter: "  [3/22] FC function name (fc-lifecycle-app): " at a line's start,
# wrapped at 80 columns: its first line, once whole (a line end, or the prompt's ": ").
COOKIECUTTER = re.compile(r"(?m)^ *\[\d+/\d+\] (?P<message>[^\r\n]+?)(?:\r?\n|: \Z)")
Key = str | Callable[[pexpect.spawn], object]


def answer(
    child: pexpect.spawn,
    keys: dict[str, Key],
    *,
    until: str | None = None,
    prompt: re.Pattern = WIZARD,
    spec: dict | None = None,
    enter: str = ENTER,
) -> dict[str, str]:
    """Answer every prompt of ``child`` until question ``until`` is shown (left for the
    caller to answer) or, without ``until``, until the program ends; return the prompt
    shown for each question asked, by name. ``keys[name]`` is typed (or called with the
    child) at question ``name``, ``enter`` at any other; ``hooks``, ``advanced`` and
    ``generate`` name the wizard's own prompts."""
    names, shown = prompt_names(SPEC if spec is None else spec), {}
    last = None
    while True:
        if child.expect([prompt, pexpect.EOF]) == 1:
            if until is not None:
                pytest.fail(f"ended before {until!r}; asked {list(shown)}:\n{child.before}")
            break
        message = " ".join(child.match.group("message").split())
        name = _name(message, names)
        if name == last and prompt is WIZARD:
            continue  # the prompt redrawn as keys are typed
        last = name
        if name == until:
            shown[name] = message
            break
        shown[name] = message
        key = keys.get(name, enter)
        if callable(key):
            key(child)
        else:
            child.send(key)
    missing = set(keys) - set(shown)
    assert not missing, f"never asked: {sorted(missing)} (asked {list(shown)})"
    return shown


def _name(message: str, names: dict[str, str]) -> str:
    """The question a prompt asks: its whole text, else the label it begins with (plain
    cookiecutter adds the default), else the one label it begins (cut by a line end)."""
    labels = {" ".join(label.split()): name for label, name in names.items()}
    if message in labels:
        return labels[message]
    starts = sorted((label for label in labels if message.startswith(label)), key=len)
    if starts:
        return labels[starts[-1]]
    begun = {labels[label] for label in labels if label.startswith(message.rstrip(" (:"))}
    if len(begun) == 1:
        return begun.pop()
    pytest.fail(f"unexpected question: {message!r} (no question of the template has it)")
