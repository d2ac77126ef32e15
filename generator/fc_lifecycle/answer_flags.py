"""Command-line flags generated from the questions in ``cookiecutter.json``.

One flag per question, so ``new`` and ``update`` accept the same spellings: a yes/no
question becomes ``--x/--no-x``, a choice becomes ``--x {a,b}``, anything else takes a
string that the rules module checks later (one place for the rules).
"""

from __future__ import annotations

import argparse
from typing import Any

from fc_lifecycle.errors import UserError


def _questions(spec: dict[str, Any]) -> list[str]:
    return [key for key in spec if not key.startswith("_")]


def _flag(name: str) -> str:
    return "--" + name.replace("_", "-")


def add_answer_flags(parser: argparse.ArgumentParser, spec: dict[str, Any]) -> None:
    """Add one flag per question of ``spec`` (and ``--set KEY=VALUE``) to ``parser``."""
    group = parser.add_argument_group("answers (one flag per template question)")
    for name in _questions(spec):
        default = spec[name]
        dest = f"answer_{name}"
        if isinstance(default, bool):
            group.add_argument(
                _flag(name), dest=dest, action=argparse.BooleanOptionalAction, default=None
            )
        elif isinstance(default, list):
            group.add_argument(_flag(name), dest=dest, choices=default, default=None)
        else:
            group.add_argument(_flag(name), dest=dest, metavar="VALUE", default=None)
    group.add_argument(
        "--set",
        dest="answer_set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="set any answer by name (repeatable)",
    )


def answers_from_args(
    args: argparse.Namespace, spec: dict[str, Any], *, known_only: bool = True
) -> dict[str, Any]:
    """Return only the answers given on the command line; ``--set`` wins over named flags.

    With ``known_only=False``, ``--set`` may name questions ``spec`` lacks (``update``
    checks them against the template it updates to, which may have new questions).

    Raises:
        UserError: a ``--set`` item without ``=`` or naming an unknown question.
    """
    answers = {
        name: getattr(args, f"answer_{name}")
        for name in _questions(spec)
        if getattr(args, f"answer_{name}", None) is not None
    }
    for item in getattr(args, "answer_set", None) or []:
        key, sep, value = item.partition("=")
        key = key.strip().replace("-", "_")
        if not sep or not key:
            raise UserError(f"--set: expected KEY=VALUE (got {item!r})")
        if known_only and (key not in spec or key.startswith("_")):
            raise UserError(
                f"--set: unknown question {key!r} (known: {', '.join(_questions(spec))})"
            )
        answers[key] = value
    return answers
