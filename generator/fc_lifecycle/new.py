"""Generate a project: collect answers (flags, then questions), check them, render."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from fc_lifecycle.answer_flags import answers_from_args, typed_names
from fc_lifecycle.answers import Answers, from_locale
from fc_lifecycle.errors import Declined, FcLifecycleError, NeedsTerminal, UserError
from fc_lifecycle.i18n import _
from fc_lifecycle.render import quiet_cookiecutter, render
from fc_lifecycle.template import bundled_template, load_questions


def local_template(template: str | None, checkout: str | None) -> Path:
    """Return a local folder holding the template (cloning a remote one first).

    Raises:
        UserError: ``--checkout`` names nothing in the template, or a folder is not git.
        FcLifecycleError: the repository cannot be cloned (one line, git's reason).
    """
    source = remote_source(template, checkout)
    if source is None:
        return bundled_template() if template is None else Path(template).expanduser().resolve()
    template = source
    from cookiecutter.exceptions import CookiecutterException
    from cookiecutter.repository import determine_repo_dir

    quiet_cookiecutter()
    try:
        repo_dir, _cleanup = determine_repo_dir(
            template, {}, str(Path.home() / ".cookiecutters"), checkout, no_input=True
        )
    except CookiecutterException as error:
        reason = _last_line(str(error)) or type(error).__name__
        raise UserError(f"--template {template}: {reason}") from None
    except (subprocess.CalledProcessError, OSError) as error:
        reason = _last_line(getattr(error, "output", None)) or str(error)
        raise FcLifecycleError(
            _("--template %(template)s: cannot clone (%(reason)s)")
            % {"template": template, "reason": reason}
        ) from None
    return Path(repo_dir)


def remote_source(template: str | None, checkout: str | None) -> str | None:
    """What cookiecutter clones (and the project records), or None for a plain folder."""
    if template is None:
        if checkout:
            raise UserError(
                _("--checkout %(ref)s: needs --template (a git template)") % {"ref": checkout}
            )
        return None
    folder = Path(template).expanduser()
    if folder.is_dir():
        return git_url(folder.resolve(), checkout) if checkout else None
    return template


def git_url(folder: Path, checkout: str) -> str:
    """A ``file://`` URL of a local git template, once ``checkout`` is known to name a commit.

    cookiecutter ignores ``--checkout`` for a folder; as a URL it clones the folder and checks
    the ref out, and the project records both.
    """
    from fc_lifecycle import git

    if not git.is_top(folder):
        raise UserError(
            _("--checkout %(ref)s: %(folder)s is not a git repository")
            % {"ref": checkout, "folder": folder}
        )
    if git.commit_of(folder, checkout) is None:
        raise UserError(
            _("--checkout %(ref)s: no branch, tag or commit of that name in %(folder)s")
            % {"ref": checkout, "folder": folder}
        )
    return "git+" + folder.as_uri()


def _last_line(output: bytes | str | None) -> str:
    text = output.decode(errors="replace") if isinstance(output, bytes) else output or ""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else ""


def generate(
    *,
    template: str | None,
    checkout: str | None,
    args: argparse.Namespace,
    output_dir: Path,
    interactive: bool,
    force: bool,
) -> Path:
    """Collect the answers and render the project; return its folder."""
    template_dir = local_template(template, checkout)
    answers = collect(template_dir, args, interactive)
    source = remote_source(template, checkout)
    return render(
        template_dir,
        answers.for_cookiecutter(),
        output_dir,
        overwrite=force,
        source=source,
        checkout=checkout if source else None,
    )


def collect(template_dir: Path, args: argparse.Namespace, interactive: bool) -> Answers:
    """The answers: flags (checked), then the questions or the defaults."""
    questions = from_locale(load_questions(template_dir))
    given = answers_from_args(args, questions)
    answers = Answers.given(questions, given, typed_names(args, questions))
    if interactive:
        return ask(answers)
    return answers.completed()


def dry_run(
    *,
    template: str | None,
    checkout: str | None,
    args: argparse.Namespace,
    interactive: bool,
) -> dict[str, str]:
    """What ``generate`` would write, ``{project path: template source}``; writes nothing."""
    from fc_lifecycle.preview import preview

    template_dir = local_template(template, checkout)
    return preview(template_dir, collect(template_dir, args, interactive).for_cookiecutter())


def ask(given: Answers) -> Answers:
    """Ask the questions not answered by flags, show a summary and confirm."""
    if not sys.stdin.isatty():
        raise NeedsTerminal(
            _(
                "new: standard input is not a terminal; pass --no-input (with flags) to generate "
                "without questions"
            )
        )
    from fc_lifecycle import answers as layers
    from fc_lifecycle import console

    answers, wizard = layers.ask(given)
    console.out(console.summary(answers))
    if not wizard.confirm(_("Generate this project?")):
        raise Declined(_("Not generated: nothing was written."))
    return answers
