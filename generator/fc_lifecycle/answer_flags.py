"""Command-line flags for the template's questions, generated from ``cookiecutter.json``.

One flag per question, named after its variable (``python_version`` → ``--python-version``,
a yes/no question → ``--pre-stop/--no-pre-stop``), plus ``--set KEY=VALUE`` for any of them.
Values are checked later by the template's own rules, so a bad one gets the rule's message.
"""

from __future__ import annotations

import argparse
from typing import Any

from fc_lifecycle.errors import UserError
from fc_lifecycle.i18n import _
from fc_lifecycle.options import Question, Questions

MAX_CHOICES_IN_USAGE = 8


def add_answer_flags(
    parser: argparse.ArgumentParser, questions: Questions, *, recorded: bool = False
) -> None:
    """Add one flag per question of ``questions`` and ``--set`` to ``parser``.

    Each help names the flag's default: the template's (``new``), or with ``recorded``,
    the answer the project records (``update``), said once in the group's title.
    """
    title = (
        _("answers (each replaces the project's recorded answer, the default)")
        if recorded
        else _("answers (each skips its question)")
    )
    group = parser.add_argument_group(title)
    for question in questions:
        options: dict[str, Any] = {"dest": question.name, "default": None}
        if question.is_yes_no:
            options["action"] = argparse.BooleanOptionalAction
        elif question.choices and len(question.choices) <= MAX_CHOICES_IN_USAGE:
            options["metavar"] = "{" + ",".join(question.choices) + "}"
        else:
            options["metavar"] = question.name.split("_")[-1].upper()
        shown = (
            ""
            if recorded
            else _(" (default: %(default)s)") % {"default": _default(question, questions)}
        )
        group.add_argument(question.flag, help=_help(question) + shown, **options)
    group.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help=_("answer any question by its variable name (repeatable)"),
    )


def _help(question: Question) -> str:
    """The prompt; a long choice list goes here rather than into the usage line."""
    if len(question.choices) > MAX_CHOICES_IN_USAGE:
        return _("%(label)s: one of %(choices)s") % {
            "label": _(question.label),
            "choices": ", ".join(question.choices),
        }
    return _(question.label)


def _default(question: Question, questions: Questions) -> str:
    """The template's default as a person reads it (yes/no; a derived one said so; one
    that depends on another answer, ``_defaults``, with its condition)."""
    value = question.first
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, str) and "{" in value:
        return _("derived from earlier answers")
    text = str(value) if str(value) else _("empty")
    entry = questions.spec.get("_defaults", {}).get(question.name)
    if entry:
        when = _(" and ").join(f"{k} {'/'.join(v)}" for k, v in entry["when"].items())
        text += _("; %(value)s for %(when)s") % {"value": entry["value"], "when": when}
    return text


def answers_from_args(args: argparse.Namespace, questions: Questions) -> dict[str, Any]:
    """Return only the answers given on the command line, unchecked: flags, then ``--set``
    (which may name questions ``questions`` lacks: ``answers.Answers.given`` checks them all
    against the template they go to, which may have other questions).

    Raises:
        UserError: a ``--set`` that is not ``KEY=VALUE``.
    """
    answers = {
        name: getattr(args, name)
        for name in questions.names()
        if getattr(args, name, None) is not None
    }
    for item in getattr(args, "set", None) or []:
        key, sep, value = item.partition("=")
        key = key.strip().replace("-", "_")
        if not sep or not key:
            raise UserError(_("--set %(item)s: must be KEY=VALUE") % {"item": item})
        answers[key] = value
    return answers


def typed_names(args: argparse.Namespace, questions: Questions) -> dict[str, str]:
    """What the user typed for each answer given, for messages: its flag or ``--set KEY``."""
    names = {q.name: q.flag for q in questions if getattr(args, q.name, None) is not None}
    for item in getattr(args, "set", None) or []:
        key = item.partition("=")[0].strip()
        names[key.replace("-", "_")] = f"--set {key}"
    return names
