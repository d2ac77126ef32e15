"""Generate a project: collect answers (flags, then questions), check them, render."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from fc_lifecycle.answer_flags import answers_from_args, flag_name
from fc_lifecycle.errors import Aborted, NeedsTerminal, UserError
from fc_lifecycle.render import render
from fc_lifecycle.template import bundled_template, load_spec
from fc_template.rules import AnswerError, check


def local_template(template: str | None, checkout: str | None) -> Path:
    """Return a local folder holding the template (cloning a remote one first)."""
    if template is None:
        return bundled_template()
    if Path(template).expanduser().is_dir() and not checkout:
        return Path(template).expanduser().resolve()
    from cookiecutter.exceptions import CookiecutterException
    from cookiecutter.repository import determine_repo_dir

    try:
        repo_dir, _ = determine_repo_dir(
            template, {}, str(Path.home() / ".cookiecutters"), checkout, no_input=True
        )
    except CookiecutterException as error:
        raise UserError(f"--template {template}: {str(error).splitlines()[0]}") from None
    return Path(repo_dir)


def check_given(template_dir: Path, given: dict[str, Any]) -> dict[str, Any]:
    """Convert and check the answers given as flags; name the flag of a bad one."""
    spec = load_spec(template_dir)
    checked = {}
    for name, value in given.items():
        try:
            checked[name] = check(name, value, spec)
        except AnswerError as error:
            raise UserError(f"{flag_name(name)}: {str(error).split(': ', 1)[-1]}") from None
    return checked


def generate(
    *,
    template: str | None,
    checkout: str | None,
    args: argparse.Namespace,
    output_dir: Path,
    interactive: bool,
    force: bool,
    io: dict | None = None,
) -> Path:
    """Collect the answers and render the project; return its folder."""
    template_dir = local_template(template, checkout)
    spec = load_spec(template_dir)
    answers = check_given(template_dir, answers_from_args(args, spec))
    if interactive:
        answers = ask(template_dir, spec, answers, io or {})
    remote = template is not None and not Path(template).expanduser().is_dir()
    return render(
        template_dir,
        answers,
        output_dir,
        overwrite=force,
        source=template if remote else None,
        checkout=checkout if remote else None,
    )


def ask(template_dir: Path, spec: dict[str, Any], given: dict[str, Any], io: dict) -> dict:
    """Ask the questions not answered by flags, show a summary and confirm."""
    if not io and not sys.stdin.isatty():
        raise NeedsTerminal(
            "new: standard input is not a terminal; pass --no-input (with flags) to generate "
            "without questions"
        )
    from fc_lifecycle import console
    from fc_lifecycle.wizard import Wizard, completed

    wizard = Wizard(spec, lambda name, value: check(name, value, spec), **io)
    answers = completed(spec, wizard.ask(given))
    console.out(console.summary(spec, answers))
    if not wizard.confirm("Generate this project?"):
        raise Aborted("Cancelled: nothing was written.")
    return answers
