"""``fc-lifecycle update`` and ``fc-lifecycle check`` (argument parsing and output only)."""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path
from typing import Any


def register(subparsers: Any) -> None:
    """Add the ``update`` and ``check`` parsers."""
    from fc_lifecycle.answer_flags import add_answer_flags
    from fc_lifecycle.template import bundled_template, load_spec

    parser = subparsers.add_parser("update", help="merge template changes into a project")
    parser.add_argument("project", nargs="?", default=".", metavar="PROJECT_DIR")
    parser.add_argument("--template", help="template folder or git repository to update from")
    parser.add_argument("--to", metavar="REF", help="git ref of the template to update to")
    parser.add_argument("--allow-dirty", action="store_true", help="update uncommitted work")
    parser.add_argument("--dry-run", action="store_true", help="print the plan, change nothing")
    parser.add_argument("--diff", action="store_true", help="dry run that also shows the diff")
    parser.add_argument("--no-input", action="store_true", help="take defaults for new questions")
    parser.add_argument("--interactive", action="store_true", help="re-ask every question")
    add_answer_flags(parser, load_spec(bundled_template()))
    parser.set_defaults(handler=run_update)
    check = subparsers.add_parser("check", help="exit 1 if the project's template is behind")
    check.add_argument("project", nargs="?", default=".", metavar="PROJECT_DIR")
    check.add_argument("--template", help="template folder or git repository to compare with")
    check.set_defaults(handler=run_check)


def _print_diff(project: Path, changes: dict) -> None:
    """Print what update writes (or would write), as a unified diff against the project."""
    for rel, entry in sorted(changes.items()):
        path = project / rel
        old = path.read_bytes() if path.is_file() else b""
        new = entry.data if entry is not None else b""
        lines = difflib.unified_diff(
            old.decode(errors="replace").splitlines(True),
            new.decode(errors="replace").splitlines(True),
            f"a/{rel}",
            f"b/{rel}",
        )
        sys.stdout.writelines(lines)


def _print_outcome(result: Any) -> None:
    """Print the summary: what was (or would be) done, then what needs the user."""
    would = "would be " if result.dry_run else ""
    for word, paths in sorted(result.outcome.done.items()):
        print(f"{would}{word}: {len(paths)}" + "".join(f"\n  {p}" for p in paths))
    for path in result.outcome.conflicts:
        print(f"CONFLICT{' (dry run)' if result.dry_run else ''}, markers in: {path}")
    for path in result.outcome.beside:
        print(f"KEPT yours (base version unknown), template's version: {path}.fc-new")


def run_update(args: argparse.Namespace) -> int:
    """Handle ``fc-lifecycle update``."""
    from fc_lifecycle import update
    from fc_lifecycle.answer_flags import answers_from_args
    from fc_lifecycle.template import bundled_template, load_spec

    given = answers_from_args(args, load_spec(bundled_template()), known_only=False)
    ask = "all" if args.interactive else "none" if args.no_input else "new"
    options = update.Options(
        Path(args.project),
        args.template,
        args.to,
        given,
        args.allow_dirty,
        args.dry_run or args.diff,
        ask,
    )
    result = update.update(options)
    if result.up_to_date:
        print(f"up to date: {result.target.label()}, nothing written")
        return 0
    base = result.base.label() if result.base else "unknown (not found)"
    print(f"update {base} -> {result.target.label()}")
    if args.diff:
        _print_diff(Path(args.project), result.changes)
    _print_outcome(result)
    if result.dry_run:
        print("dry run: nothing changed")
        return 0 if result.outcome.clean else 1
    if result.outcome.clean:
        print("updated cleanly")
        return 0
    print("resolve the paths above, then commit", file=sys.stderr)
    return 1


def run_check(args: argparse.Namespace) -> int:
    """Handle ``fc-lifecycle check``."""
    from fc_lifecycle import update

    have, current, ok = update.check(Path(args.project), args.template)
    print(f"project: {have}\ntemplate: {current}")
    print("up to date" if ok else "behind: run fc-lifecycle update")
    return 0 if ok else 1
