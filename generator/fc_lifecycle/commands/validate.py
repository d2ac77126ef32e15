"""``fc-lifecycle validate``: check s.yaml offline, strictly, and against the code."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(subparsers) -> None:
    """Add ``validate``."""
    parser = subparsers.add_parser(
        "validate",
        help="check a project's s.yaml offline (strict schema, FC rules, hooks vs routes)",
        description="Check s.yaml offline: every problem on its own line as path: message. "
        "Exit 0 when clean (silent), 1 when problems are found, 2 when the file cannot be read.",
    )
    parser.add_argument(
        "target", nargs="?", default=".", type=Path, help="project folder or s.yaml"
    )
    parser.add_argument("--json", action="store_true", help="print the problems as JSON")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Validate and print the problems."""
    import json
    from dataclasses import asdict

    from fc_lifecycle import console
    from fc_lifecycle.validate import validate

    problems = validate(args.target)
    if args.json:
        console.out(json.dumps([asdict(p) for p in problems], indent=2))
    for problem in [] if args.json else problems:
        console.out(str(problem))
    return 1 if problems else 0
