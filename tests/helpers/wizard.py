"""Drive ``fc_lifecycle``'s wizard by question name, not by counting keystrokes.

A test says what it types at which question (``{"framework": DOWN + ENTER}``); every other
question gets Enter (its default). The question is recognised by its prompt, read from the
same ``cookiecutter.json`` data the wizard builds its prompts from (in every language of
fc-lifecycle's catalogs), so adding or moving a question breaks no test that does not
answer it; a prompt that is no question of the template fails the test, naming it.
``helpers.terminal`` does the same for a real terminal (pexpect).
"""

from __future__ import annotations

import gettext
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import questionary
from fc_lifecycle import i18n
from fc_lifecycle.options import Questions
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.input.base import PipeInput
from prompt_toolkit.output import DummyOutput

ENTER, DOWN, UP, SPACE, CLEAR, CTRL_C = "\r", "\x1b[B", "\x1b[A", " ", "\x15", "\x03"
# The wizard's own prompts, which are no question of cookiecutter.json, by the name a test
# gives them.
OWN_PROMPTS = {
    "Lifecycle hooks": "hooks",
    "Change advanced settings (memory, timeout, auth, CI, language, ...)?": "advanced",
    "Generate this project?": "generate",
}
PROMPTS = ("text", "select", "confirm", "checkbox")


def catalogs() -> list[gettext.NullTranslations]:
    """English and every language fc-lifecycle speaks."""
    languages = sorted(p.name for p in i18n.LOCALE_DIR.iterdir() if p.is_dir())
    return [gettext.NullTranslations()] + [
        gettext.translation(i18n.DOMAIN, i18n.LOCALE_DIR, languages=[language])
        for language in languages
    ]


def prompt_names(spec: dict[str, Any]) -> dict[str, str]:
    """Every prompt the wizard may show for a question of ``spec`` (its ``__prompts__``
    label, its ``_wizard`` labels, in every language), and the wizard's own prompts, to the
    question's name."""
    questions = Questions(spec)
    english = dict(OWN_PROMPTS)
    for question in questions:
        english[question.label] = question.name
        entry = questions.wizard_labels.get(question.name)
        cases = [entry] if isinstance(entry, str) else [c["label"] for c in entry or []]
        english.update(dict.fromkeys(cases, question.name))
    return {catalog.gettext(text): name for catalog in catalogs() for text, name in english.items()}


def name_of(message: str, names: dict[str, str]) -> str:
    """The question a prompt asks; fails the test on a prompt that is no question."""
    if message not in names:
        pytest.fail(f"unexpected question: {message!r} (no question of the template has it)")
    return names[message]


class _Terminal:
    """Standard input as it is in a terminal, for the wizard's check that it is one."""

    def isatty(self) -> bool:
        return True


@contextmanager
def terminal() -> Iterator[PipeInput]:
    """A terminal for the wizard in this process: prompt_toolkit reads what the test sends
    into the pipe it yields and writes nowhere; standard input says it is a terminal."""
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(sys, "stdin", _Terminal())
            yield pipe


@contextmanager
def keys_by_name(spec: dict[str, Any], keys: dict[str, str]) -> Iterator[PipeInput]:
    """A ``terminal()`` for the wizard that types ``keys[name]`` when question ``name`` is
    asked and Enter at any other; ``hooks``, ``advanced`` and ``generate`` name the wizard's
    own prompts. A name in ``keys`` that is never asked fails the test (a renamed question)."""
    names, asked = prompt_names(spec), []
    with terminal() as pipe, pytest.MonkeyPatch.context() as patch:
        for kind in PROMPTS:
            patch.setattr(
                questionary, kind, _typing(getattr(questionary, kind), pipe, keys, names, asked)
            )
        yield pipe
    assert set(keys) <= set(asked), f"never asked: {sorted(set(keys) - set(asked))}"


def _typing(prompt, pipe: PipeInput, keys: dict[str, str], names: dict[str, str], asked: list):
    """``prompt`` (a questionary factory), typing the keys of its question before it runs."""

    def ask(message: str, *args: Any, **kwargs: Any):
        name = name_of(message, names)
        asked.append(name)
        pipe.send_text(keys.get(name, ENTER))
        return prompt(message, *args, **kwargs)

    return ask
