"""One module per subcommand: ``register(subparsers)`` adds the parser and its handler.

What the commands share, so that ``--help`` speaks one vocabulary: the project folder
argument, paths that accept ``~``, and a help layout that shows every option's default.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from fc_lifecycle.i18n import N_, _, has_wide, wrap

PROJECT_HELP = N_("the generated project's folder (default: the current folder)")
PROJECT_OR_FILE_HELP = N_(
    "the generated project's folder or its s.yaml (default: the current folder)"
)
TEMPLATE_METAVAR = "PATH_OR_URL"


def user_path(text: str) -> Path:
    """A path as typed, with ``~`` expanded: a quoted ``~/x`` (``make new OUT=~/x`` under
    zsh or dash, ``-o '~/x'``) reaches us unexpanded, and would make a folder named ``~``."""
    return Path(os.path.expanduser(text))


def template_arg(text: str) -> str:
    """A ``--template`` as typed: a folder (``~`` expanded) or a git URL, left as it is."""
    return str(user_path(text)) if text.startswith("~") else text


def add_template(parser: argparse.ArgumentParser, help_text: str) -> None:
    """The ``--template PATH_OR_URL`` option (``help_text`` a message marked with ``N_``)."""
    parser.add_argument(
        "--template", metavar=TEMPLATE_METAVAR, type=template_arg, help=_(help_text)
    )


def add_project(parser: argparse.ArgumentParser, help_text: str = PROJECT_HELP) -> None:
    """The optional ``PROJECT_DIR`` argument every command after ``new`` takes (``help_text``
    a message marked with ``N_``)."""
    parser.add_argument(
        "project", nargs="?", default=Path("."), type=user_path, metavar="PROJECT_DIR",
        help=_(help_text),
    )  # fmt: skip


class WideTextFormatter(argparse.RawDescriptionHelpFormatter):
    """Descriptions and examples as written; help texts with wide (Chinese) characters
    wrapped by display width, which argparse's textwrap does not know."""

    def _split_lines(self, text: str, width: int) -> list[str]:
        if not has_wide(text):
            return super()._split_lines(text, width)
        return wrap(text, width)


class HelpFormatter(WideTextFormatter):
    """Descriptions and examples as written; each option's default after its help."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        text = action.help or ""
        default = action.default
        if (
            not text
            # the help names its default already (in English, or in the catalog's words)
            or "default" in text
            or _("default") in text
            or default in (None, False, argparse.SUPPRESS, [])
            or action.option_strings == []
        ):
            return action.help
        return text + _(" (default: %(default)s)")
