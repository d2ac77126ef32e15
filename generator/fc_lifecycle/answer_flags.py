"""Command-line flags for the template's questions, generated from ``cookiecutter.json``.

One flag per question, named after its variable (``python_version`` → ``--python-version``,
a yes/no question → ``--pre-stop/--no-pre-stop``), plus ``--set KEY=VALUE`` for any of them.
Values are checked later by the template's own rules, so a bad one gets the rule's message.
"""

from __future__ import annotations

import argparse
from typing import Any

from fc_lifecycle.errors import UserError

MAX_CHOICES_IN_USAGE = 8


def flag_name(question: str) -> str:
    """Return the flag of a question: ``pre_stop`` → ``--pre-stop``."""
    return "--" + question.replace("_", "-")


def questions(spec: dict[str, Any]) -> list[str]:
    """The template's questions in order (keys not starting with ``_``)."""
    return [key for key in spec if not key.startswith("_")]


def prompt_text(spec: dict[str, Any], question: str) -> str:
    """The human-readable prompt of a question, from ``__prompts__``."""
    prompt = spec.get("__prompts__", {}).get(question, question)
    return prompt.get("__prompt__", question) if isinstance(prompt, dict) else prompt


def _help(spec: dict[str, Any], question: str) -> str:
    """The prompt; a long choice list goes here rather than into the usage line."""
    choices = spec[question]
    if isinstance(choices, list) and len(choices) > MAX_CHOICES_IN_USAGE:
        return f"{prompt_text(spec, question)}: one of {', '.join(choices)}"
    return prompt_text(spec, question)


def add_answer_flags(parser: argparse.ArgumentParser, spec: dict[str, Any]) -> None:
    """Add one flag per question of ``spec`` and ``--set`` to ``parser``."""
    group = parser.add_argument_group("answers (each skips its question)")
    for question in questions(spec):
        default = spec[question]
        options: dict[str, Any] = {"dest": question, "default": None}
        if isinstance(default, bool):
            options["action"] = argparse.BooleanOptionalAction
        elif isinstance(default, list) and len(default) <= MAX_CHOICES_IN_USAGE:
            options["metavar"] = "{" + ",".join(default) + "}"
        else:
            options["metavar"] = question.split("_")[-1].upper()
        group.add_argument(flag_name(question), help=_help(spec, question), **options)
    group.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="answer any question by its variable name (repeatable)",
    )


def answers_from_args(
    args: argparse.Namespace, spec: dict[str, Any], *, known_only: bool = True
) -> dict[str, Any]:
    """Return only the answers given on the command line: flags, then ``--set``.

    With ``known_only=False``, ``--set`` may name questions ``spec`` lacks (``update``
    checks them against the template it updates to, which may have new questions).

    Raises:
        UserError: a ``--set`` that is not ``KEY=VALUE`` or names no question.
    """
    answers = {
        question: getattr(args, question)
        for question in questions(spec)
        if getattr(args, question, None) is not None
    }
    for item in getattr(args, "set", None) or []:
        key, sep, value = item.partition("=")
        key = key.strip().replace("-", "_")
        if not sep or not key:
            raise UserError(f"--set {item}: must be KEY=VALUE")
        if known_only and key not in questions(spec):
            known = ", ".join(questions(spec))
            raise UserError(f"--set {key}: unknown question (known: {known})")
        answers[key] = value
    return answers


def typed_names(args: argparse.Namespace, spec: dict[str, Any]) -> dict[str, str]:
    """What the user typed for each answer given, for messages: its flag or ``--set KEY``."""
    names = {q: flag_name(q) for q in questions(spec) if getattr(args, q, None) is not None}
    for item in getattr(args, "set", None) or []:
        key = item.partition("=")[0].strip()
        names[key.replace("-", "_")] = f"--set {key}"
    return names
