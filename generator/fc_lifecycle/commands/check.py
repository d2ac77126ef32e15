"""``fc-lifecycle check``: tell whether a project's template is behind (for CI)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

DESCRIPTION = """\
Compare the template version recorded in the project's .fc-lifecycle.json with the
template it would update to (--template, else the source the project records).
Changes nothing.

Exit status: 0 when up to date, 1 when behind (run fc-lifecycle update), 2 on bad input.
"""


def register(subparsers: Any) -> None:
    """Add ``check``."""
    parser = subparsers.add_parser(
        "check",
        help="exit 1 if the project's template is behind",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("project", nargs="?", default=".", metavar="PROJECT_DIR")
    parser.add_argument("--template", help="template folder or git repository to compare with")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Print both versions and whether the project is up to date."""
    from fc_lifecycle import console, update

    have, current, ok = update.check(Path(args.project), args.template)
    console.out(f"project: {have}\ntemplate: {current}")
    console.out("up to date" if ok else "behind: run fc-lifecycle update")
    return 0 if ok else 1
