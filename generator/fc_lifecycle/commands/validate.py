"""``fc-lifecycle validate``: check s.yaml offline, strictly, and against the code."""

from __future__ import annotations

import argparse
from pathlib import Path

from fc_lifecycle.commands import PROJECT_OR_FILE_HELP, HelpFormatter, add_project
from fc_lifecycle.i18n import N_, _

EPILOG = N_("""\
examples:
  fc-lifecycle validate                   the project in the current folder
  fc-lifecycle validate ~/src/my-function
  fc-lifecycle validate build/s.yaml --json
""")


def register(subparsers) -> None:
    """Add ``validate``."""
    parser = subparsers.add_parser(
        "validate",
        help=_("check a project's s.yaml offline (strict schema, FC rules, hooks vs routes)"),
        description=_(
            "Check s.yaml offline: every problem on its own line as path: message. "
            "Exit 0 when clean (one OK line), 1 when problems are found, 2 when the file cannot "
            "be read."
        ),
        epilog=_(EPILOG),
        formatter_class=HelpFormatter,
    )
    add_project(parser, PROJECT_OR_FILE_HELP)
    parser.add_argument("--json", action="store_true", help=_("print the problems as JSON"))
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Validate and print the problems."""
    import json
    from dataclasses import asdict

    from fc_lifecycle import console
    from fc_lifecycle.validate import validate

    s_yaml = s_yaml_of(args.project)
    problems = validate(s_yaml)
    if args.json:
        console.out(json.dumps([asdict(p) for p in problems], indent=2))
    elif problems:
        console.out("\n".join(str(problem) for problem in problems))
    else:
        console.out(
            _("OK: %(file)s passes the schema, FC's rules and the code checks") % {"file": s_yaml}
        )
    return 1 if problems else 0


def s_yaml_of(target: Path) -> Path:
    """The s.yaml of ``target`` (a project folder or the file itself).

    Raises:
        UserError: a folder without s.yaml, or a path that does not exist.
    """
    from fc_lifecycle.errors import UserError

    if target.is_dir():
        # exists(), not is_file(): a FIFO or a device named s.yaml is refused by the reader.
        if not (target / "s.yaml").exists():
            raise UserError(
                _("validate: no s.yaml in %(target)s (give a project folder or a file)")
                % {"target": target}
            )
        return target / "s.yaml"
    if not target.exists():
        raise UserError(_("validate: %(target)s does not exist") % {"target": target})
    return target
