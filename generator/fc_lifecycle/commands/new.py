"""``fc-lifecycle new``: generate a project, by questions or by flags."""

from __future__ import annotations

import argparse
from pathlib import Path

from fc_lifecycle.answer_flags import add_answer_flags
from fc_lifecycle.answers import from_locale
from fc_lifecycle.commands import HelpFormatter, add_template, user_path
from fc_lifecycle.i18n import N_, _
from fc_lifecycle.template import bundled_template, load_questions

EPILOG = N_("""\
examples:
  fc-lifecycle new                        the wizard; the project goes into the current folder
  fc-lifecycle new --no-input --framework django --python-version 3.11 --no-pre-stop -o ~/src
  fc-lifecycle new --no-input --function-type event --trigger timer
      (an event function's framework is none unless --framework names another)
  fc-lifecycle new --no-input --framework flask --function-type event --dry-run
      (every file that project gets, and the template file it comes from)

--force writes into an existing project folder: files the template produces are
overwritten, every other file is kept. Nothing is deleted.
""")


def register(subparsers) -> None:
    """Add ``new`` and its flags."""
    parser = subparsers.add_parser(
        "new",
        help=_("generate a project (a wizard, or flags with --no-input)"),
        description=_("Generate an FC 3.0 custom-runtime Python project with lifecycle hooks."),
        epilog=_(EPILOG),
        formatter_class=HelpFormatter,
    )
    parser.add_argument(
        "--no-input", action="store_true", help=_("ask nothing: defaults and flags")
    )
    parser.add_argument("-o", "--output-dir", type=user_path, default=Path("."), metavar="DIR",
                        help=_("folder to create the project folder in (default: .)"))  # fmt: skip
    add_template(parser, N_("another copy of the template, a folder or a git URL"
                            " (default: the one inside fc-lifecycle)"))  # fmt: skip
    parser.add_argument("--checkout", metavar="REF",
                        help=_("branch, tag or commit of --template"
                               " (default: its HEAD)"))  # fmt: skip
    parser.add_argument("--force", action="store_true", help=_("write into an existing project"))
    parser.add_argument("-q", "--quiet", action="store_true", help=_("print nothing on success"))
    parser.add_argument("--dry-run", action="store_true",
                        help=_("list every file the project would get and the template file"
                               " it comes from; write nothing"))  # fmt: skip
    add_answer_flags(parser, from_locale(load_questions(bundled_template())))
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Generate the project; return the exit status."""
    from fc_lifecycle.new import generate

    if args.dry_run:
        return _dry_run(args)
    project = generate(
        template=args.template,
        checkout=args.checkout,
        args=args,
        output_dir=args.output_dir,
        interactive=not args.no_input,
        force=args.force,
    )
    if not args.quiet:
        from fc_lifecycle import console

        console.out(console.next_steps(project))
    return 0


def _dry_run(args: argparse.Namespace) -> int:
    """Print the files ``new`` would write and where each comes from; write nothing."""
    from fc_lifecycle import console
    from fc_lifecycle.new import dry_run
    from fc_lifecycle.preview import lines

    found = dry_run(
        template=args.template, checkout=args.checkout, args=args, interactive=not args.no_input
    )
    for line in lines(found):
        console.out(line)
    console.out(f"dry run: {len(found)} files, nothing written")
    return 0
