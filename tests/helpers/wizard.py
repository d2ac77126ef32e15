"""Drive ``fc_lifecycle``'s wizard by question name, not by counting keystrokes.

A test says what it types at which question (``{"framework": DOWN + ENTER}``); every other
question gets Enter (its default). The question is recognised by its prompt, read from the
same ``cookiecutter.json`` data the wizard builds its prompts from, so adding or moving a
question breaks no test that does not answer it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import questionary
from fc_lifecycle.options import Questions
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.input.base import PipeInput

ENTER, DOWN, UP, SPACE, CLEAR, CTRL_C = "\r", "\x1b[B", "\x1b[A", " ", "\x15", "\x03"
# The wizard's own prompts that are not questions of cookiecutter.json, by their start.
OWN_PROMPTS = {
    "Lifecycle hooks": "hooks",
    "Change advanced settings": "advanced",
    "Generate this project": "generate",
}
PROMPTS = ("text", "select", "confirm", "checkbox")


def prompt_names(spec: dict[str, Any]) -> dict[str, str]:
    """Every prompt the wizard may show for a question of ``spec``, to the question's name."""
    questions = Questions(spec)
    names = {}
    for question in questions:
        names[question.label] = question.name
        entry = questions.wizard_labels.get(question.name)
        cases = [entry] if isinstance(entry, str) else [c["label"] for c in entry or []]
        names.update(dict.fromkeys(cases, question.name))
    return names


def name_of(message: str, names: dict[str, str]) -> str:
    """The question a prompt asks (the message itself when it is none of ours)."""
    own = [name for start, name in OWN_PROMPTS.items() if message.startswith(start)]
    return own[0] if own else names.get(message, message)


@contextmanager
def keys_by_name(spec: dict[str, Any], keys: dict[str, str]) -> Iterator[PipeInput]:
    """A pipe input for the wizard that types ``keys[name]`` when question ``name`` is asked
    and Enter at any other; ``hooks``, ``advanced`` and ``generate`` name the wizard's own
    prompts. A name in ``keys`` that is never asked fails the test (a renamed question)."""
    names, asked = prompt_names(spec), []
    with create_pipe_input() as pipe, pytest.MonkeyPatch.context() as patch:
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
