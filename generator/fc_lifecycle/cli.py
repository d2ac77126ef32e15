"""The ``fc-lifecycle`` command: parses arguments and maps errors to exit codes.

Each subcommand lives in ``fc_lifecycle.commands.<name>`` with ``register(subparsers)``,
which adds its parser and sets ``handler``. Command modules import only argparse-level
code at start; the library behind them is imported when the command runs, so
``fc-lifecycle --help`` stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import signal
import sys
from collections.abc import Sequence
from typing import NoReturn

from fc_lifecycle import __version__, console, i18n
from fc_lifecycle.commands import WideTextFormatter
from fc_lifecycle.errors import Aborted, FcLifecycleError
from fc_lifecycle.i18n import N_, _

COMMANDS: tuple[str, ...] = ("new", "update", "check", "run", "validate")

EPILOG = N_(
    """\
examples:
  fc-lifecycle new                        the wizard: a project in a new folder here
  cd fc-lifecycle-app && fc-lifecycle run
                                          run it locally as FC does, hooks included
  fc-lifecycle update --dry-run           what a newer template would change

Each command's --help has its options, their defaults and examples.
"""
)


class Parser(argparse.ArgumentParser):
    """argparse, with its errors on one line (the usage is one ``--help`` away)."""

    def error(self, message: str) -> NoReturn:
        """Print ``error: MESSAGE (see PROG --help)`` and exit 2."""
        self.exit(
            2,
            _("error: %(message)s (see %(prog)s --help)\n")
            % {"message": message, "prog": self.prog},
        )


def build_parser() -> argparse.ArgumentParser:
    """Return the parser with every subcommand registered."""
    parser = Parser(
        prog="fc-lifecycle",
        description=_("Function Compute 3.0 custom-runtime Python projects with lifecycle hooks."),
        epilog=_(EPILOG),
        formatter_class=WideTextFormatter,
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"fc-lifecycle {__version__}",
        help=_("show program's version number and exit"),
    )
    i18n.add_option(parser)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f"fc_lifecycle.commands.{name}").register(subparsers)
    for command in subparsers.choices.values():
        i18n.add_option(command)  # main() reads it before parsing: the help is in it already
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    argv = sys.argv[1:] if argv is None else list(argv)
    i18n.setup(i18n.from_argv(argv))
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    previous = signal.signal(signal.SIGTERM, _interrupt)  # SIGTERM cleans up like Ctrl-C
    try:
        return int(args.handler(args) or 0)
    except KeyboardInterrupt:
        console.err(_("Aborted."))
        return Aborted.exit_code
    except FcLifecycleError as error:
        if str(error):
            prefix = _(error.prefix) if error.prefix else ""  # _("") is the catalog header
            console.err(f"{prefix}{error}")
        return error.exit_code
    finally:
        signal.signal(signal.SIGTERM, previous)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
