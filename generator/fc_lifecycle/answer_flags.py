"""Command-line flags for the template's questions, generated from ``cookiecutter.json``.

One flag per question, named after its variable (``python_version`` → ``--python-version``,
a yes/no question → ``--pre-stop/--no-pre-stop``), plus ``--set KEY=VALUE`` for any of them.
Values are checked later by the template's own rules, so a bad one gets the rule's message.
"""

from __future__ import annotations

import argparse
from typing import Any

from fc_lifecycle.errors import UserError
from fc_lifecycle.options import Question, Questions

MAX_CHOICES_IN_USAGE = 8


def add_answer_flags(parser: argparse.ArgumentParser, spec: dict[str, Any]) -> None:
    """Add one flag per question of ``spec`` and ``--set`` to ``parser``."""
    group = parser.add_argument_group("answers (each skips its question)")
    for question in Questions(spec):
        options: dict[str, Any] = {"dest": question.name, "default": None}
        if question.is_yes_no:
            options["action"] = argparse.BooleanOptionalAction
        elif question.choices and len(question.choices) <= MAX_CHOICES_IN_USAGE:
            options["metavar"] = "{" + ",".join(question.choices) + "}"
        else:
            options["metavar"] = question.name.split("_")[-1].upper()
        group.add_argument(question.flag, help=_help(question), **options)
    group.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="answer any question by its variable name (repeatable)",
    )


def _help(question: Question) -> str:
    """The prompt; a long choice list goes here rather than into the usage line."""
    if len(question.choices) > MAX_CHOICES_IN_USAGE:
        return f"{question.label}: one of {', '.join(question.choices)}"
    return question.label


def answers_from_args(
    args: argparse.Namespace, spec: dict[str, Any], *, known_only: bool = True
) -> dict[str, Any]:
    """Return only the answers given on the command line: flags, then ``--set``.

    With ``known_only=False``, ``--set`` may name questions ``spec`` lacks (``update``
    checks them against the template it updates to, which may have new questions).

    Raises:
        UserError: a ``--set`` that is not ``KEY=VALUE`` or names no question.
    """
    questions = Questions(spec)
    answers = {
        name: getattr(args, name)
        for name in questions.names()
        if getattr(args, name, None) is not None
    }
    for item in getattr(args, "set", None) or []:
        key, sep, value = item.partition("=")
        key = key.strip().replace("-", "_")
        if not sep or not key:
            raise UserError(f"--set {item}: must be KEY=VALUE")
        if known_only and key not in questions:
            known = ", ".join(questions.names())
            raise UserError(f"--set {key}: unknown question (known: {known})")
        answers[key] = value
    return answers


def typed_names(args: argparse.Namespace, spec: dict[str, Any]) -> dict[str, str]:
    """What the user typed for each answer given, for messages: its flag or ``--set KEY``."""
    names = {q.name: q.flag for q in Questions(spec) if getattr(args, q.name, None) is not None}
    for item in getattr(args, "set", None) or []:
        key = item.partition("=")[0].strip()
        names[key.replace("-", "_")] = f"--set {key}"
    return names
