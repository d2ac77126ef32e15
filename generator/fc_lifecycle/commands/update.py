"""``fc-lifecycle update``: merge template changes into a project (parsing and output only)."""

from __future__ import annotations

import argparse
import difflib
from pathlib import Path
from typing import Any

from fc_lifecycle.commands import HelpFormatter, add_project, add_template
from fc_lifecycle.i18n import N_, _

DESCRIPTION = N_("""\
Merge the changes of a newer template into a generated project, keeping your own edits:
render the template version the project was made from and the new one with the project's
answers, then merge each file three ways (git merge-file). Files changed on both sides get
conflict markers. The project must be committed first (or --allow-dirty).

Exit status: 0 when updated cleanly (or a clean dry run), 1 with conflicts, 2 on bad input.
""")

EPILOG = N_("""\
examples:
  fc-lifecycle update --dry-run           what would change in the project here
  fc-lifecycle update --no-pre-stop       change an answer: the PreStop hook goes
  fc-lifecycle update ~/src/my-function --template ~/src/fc-lifecycle
""")


# The words of merge_plan.Action, which the summary prints.
ACTION_WORDS = (
    N_("unchanged"),
    N_("updated"),
    N_("kept"),
    N_("merged"),
    N_("deleted by user"),
    N_("removed"),
    N_("kept (removed from template)"),
    N_("added"),
    N_("merged (added on both sides)"),
    N_("kept, template version beside"),
)


def register(subparsers: Any) -> None:
    """Add the ``update`` parser."""
    from fc_lifecycle.answer_flags import add_answer_flags
    from fc_lifecycle.template import bundled_template, load_questions

    parser = subparsers.add_parser(
        "update",
        help=_("merge template changes into a project"),
        description=_(DESCRIPTION),
        epilog=_(EPILOG),
        formatter_class=HelpFormatter,
    )
    add_project(parser)
    add_template(parser, N_("the template to update from, a folder or a git URL"
                            " (default: the source the project records)"))  # fmt: skip
    parser.add_argument("--to", metavar="REF",
                        help=_("git ref of the template to update to"
                        " (default: its HEAD)"))  # fmt: skip
    parser.add_argument("--allow-dirty", action="store_true", help=_("update uncommitted work"))
    parser.add_argument("--dry-run", action="store_true", help=_("print the plan, change nothing"))
    parser.add_argument("--diff", action="store_true", help=_("dry run that also shows the diff"))
    parser.add_argument(
        "--no-input", action="store_true", help=_("take defaults for new questions")
    )
    parser.add_argument("--interactive", action="store_true", help=_("re-ask every question"))
    add_answer_flags(parser, load_questions(bundled_template()), recorded=True)
    parser.set_defaults(handler=run_update)


def _print_diff(project: Path, changes: dict) -> None:
    """Print what update writes (or would write), as a unified diff against the project."""
    from fc_lifecycle import console

    for rel, entry in sorted(changes.items()):
        path = project / rel
        old = path.read_bytes() if path.is_file() else b""
        new = entry.data if entry is not None else b""
        diff = "".join(
            difflib.unified_diff(
                old.decode(errors="replace").splitlines(True),
                new.decode(errors="replace").splitlines(True),
                f"a/{rel}",
                f"b/{rel}",
            )
        )
        if diff:
            console.out(diff.rstrip("\n"))


def _print_outcome(result: Any) -> None:
    """Print the summary: what was (or would be) done, then what needs the user."""
    from fc_lifecycle import console

    would = _("would be %(action)s") if result.dry_run else "%(action)s"
    for word, paths in sorted(result.outcome.done.items()):
        done = would % {"action": _(word)}
        console.out(f"{done}: {len(paths)}" + "".join(f"\n  {p}" for p in paths))
    conflict = (
        _("CONFLICT (dry run), markers in: %(path)s")
        if result.dry_run
        else _("CONFLICT, markers in: %(path)s")
    )
    for path in result.outcome.conflicts:
        console.out(conflict % {"path": path})
    for path in result.outcome.beside:
        console.out(
            _("KEPT yours (base version unknown), template's version: %(path)s.fc-new")
            % {"path": path}
        )


def _options(args: argparse.Namespace) -> Any:
    """``update.Options`` from the flags; the answers given stay unchecked, with what the
    user typed for each: update checks them once, against the template it updates to
    (whose questions may differ from the bundled template's flags)."""
    from fc_lifecycle import update
    from fc_lifecycle.answer_flags import answers_from_args, typed_names
    from fc_lifecycle.template import bundled_template, load_questions

    questions = load_questions(bundled_template())
    return update.Options(
        Path(args.project),
        args.template,
        args.to,
        answers_from_args(args, questions),
        typed_names(args, questions),
        args.allow_dirty,
        args.dry_run or args.diff,
        "all" if args.interactive else "none" if args.no_input else "new",
    )


def run_update(args: argparse.Namespace) -> int:
    """Handle ``fc-lifecycle update``."""
    from fc_lifecycle import console, update

    result = update.update(_options(args))
    if result.up_to_date:
        console.out(
            _("up to date: %(version)s, nothing written") % {"version": result.target.label()}
        )
        return 0
    base = result.base.label() if result.base else _("unknown (not found)")
    target = result.target.label()
    console.out(_("update %(base)s -> %(target)s") % {"base": base, "target": target})
    if result.support:
        console.out("fc_support {} -> {}".format(*result.support))
    if args.diff:
        _print_diff(Path(args.project), result.changes)
    _print_outcome(result)
    if result.dry_run:
        console.out(_("dry run: nothing changed"))
        return 0 if result.outcome.clean else 1
    if result.outcome.clean:
        console.out(_("updated cleanly"))
        return 0
    console.err(_("resolve the paths above, then commit"))
    return 1
