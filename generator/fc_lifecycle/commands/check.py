"""``fc-lifecycle check``: tell whether a project's template is behind (for CI)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from fc_lifecycle.commands import HelpFormatter, add_project, add_template
from fc_lifecycle.i18n import N_, _

DESCRIPTION = N_("""\
Compare the template version recorded in the project's .fc-lifecycle.json with the
template it would update to (--template, else the source the project records).
Changes nothing.

Exit status: 0 when up to date, 1 when behind (run fc-lifecycle update), 2 on bad input.
""")

EPILOG = N_("""\
examples:
  fc-lifecycle check                      the project in the current folder
  fc-lifecycle check ~/src/my-function
  fc-lifecycle check --template ~/src/fc-lifecycle
""")


def register(subparsers: Any) -> None:
    """Add ``check``."""
    parser = subparsers.add_parser(
        "check",
        help=_("exit 1 if the project's template is behind"),
        description=_(DESCRIPTION),
        epilog=_(EPILOG),
        formatter_class=HelpFormatter,
    )
    add_project(parser)
    add_template(parser, N_("the template to compare with, a folder or a git URL"
                            " (default: the source the project records)"))  # fmt: skip
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Print both versions and whether the project is up to date."""
    from fc_lifecycle import console, update

    have, current, ok = update.check(Path(args.project), args.template)
    console.out(_("project: %(have)s\ntemplate: %(current)s") % {"have": have, "current": current})
    console.out(_("up to date") if ok else _("behind: run fc-lifecycle update"))
    return 0 if ok else 1
