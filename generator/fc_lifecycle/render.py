"""Render the template with cookiecutter, all or nothing."""

from __future__ import annotations

import json
import logging
import tempfile
from pathlib import Path
from typing import Any

from fc_lifecycle.errors import UserError
from fc_lifecycle.i18n import _


def literal(value: Any) -> Any:
    """Protect a text answer from Jinja: cookiecutter renders answers given without prompting.

    ``{{ 7*7 }}`` in a description must stay ``{{ 7*7 }}``, not become ``49``; a Jinja string
    literal of the text renders back to exactly the text.
    """
    if isinstance(value, str) and "{" in value:
        return "{{ " + json.dumps(value, ensure_ascii=False) + " }}"
    return value


def render(
    template_dir: Path,
    answers: dict[str, Any],
    output_dir: Path,
    *,
    overwrite: bool = False,
    source: str | None = None,
    checkout: str | None = None,
    replay: bool = True,
) -> Path:
    """Render the project for ``answers`` into ``output_dir``; return the project folder.

    ``template_dir`` is a local copy of the template; ``source``, when given, is what
    cookiecutter renders and records instead (a git URL). ``answers`` are checked by the
    caller (``fc_lifecycle.answers``); the template's own check refuses any other bad one
    (its Jinja extension, while cookiecutter renders), as a UserError.

    The project is rendered into a temporary folder beside its destination and moved into
    place only when complete, so a failure or Ctrl-C leaves nothing half-written and no
    new folder. ``replay=False`` keeps cookiecutter's replay file in that temporary folder
    instead of the user's ``~/.cookiecutter_replay`` (update's renders are not the user's).
    With ``overwrite``, an existing project's files are replaced by the template's and
    every other file in it is kept.

    Raises:
        UserError: a bad answer, a failing template, or an output folder that exists
            (without ``overwrite``) or cannot be written.
    """
    output_dir = Path(output_dir).absolute()
    try:
        with tempfile.TemporaryDirectory(prefix=".fc-render-", dir=_existing(output_dir)) as tmp:
            config = True if replay else {"replay_dir": str(Path(tmp) / ".replay")}
            rendered = _cookiecutter(
                source or str(template_dir), answers, Path(tmp), checkout, config
            )
            return _move_into_place(rendered, output_dir / rendered.name, overwrite)
    except OSError as error:
        raise UserError(
            _("output: cannot write %(folder)s (%(reason)s)")
            % {"folder": output_dir, "reason": error.strerror or error}
        ) from None


def _cookiecutter(
    source: str,
    answers: dict[str, Any],
    staging: Path,
    checkout: str | None,
    config: bool | dict[str, str],
) -> Path:
    """Run cookiecutter without prompts into ``staging``; return the rendered folder."""
    from cookiecutter.exceptions import CookiecutterException
    from cookiecutter.main import cookiecutter

    from fc_template.cookiecutter_ext import Refused

    quiet_cookiecutter()
    try:
        return Path(
            cookiecutter(
                source,
                checkout=checkout,
                no_input=True,
                extra_context={key: literal(value) for key, value in answers.items()},
                output_dir=str(staging),
                default_config=config,
            )
        )
    except CookiecutterException as error:
        raise UserError(
            _("template: %(reason)s") % {"reason": str(error).splitlines()[0]}
        ) from None
    except Refused as refused:  # the template's own check: a derived default, say
        raise UserError(refused.error.message(_)) from None


def quiet_cookiecutter() -> None:
    """Silence cookiecutter's log: it logs tracebacks (a failing hook, a failed clone) that
    our errors say in one line."""
    logging.getLogger("cookiecutter").addHandler(logging.NullHandler())
    logging.getLogger("cookiecutter").propagate = False


def _move_into_place(rendered: Path, target: Path, overwrite: bool) -> Path:
    if target.exists() and not overwrite:
        raise UserError(
            _("output: %(folder)s already exists (use --force to overwrite)") % {"folder": target}
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        # File by file with backups: interrupted, the folder is put back as it was.
        from fc_lifecycle.merge_apply import write_changes
        from fc_lifecycle.merge_plan import read_tree

        write_changes(target, dict(read_tree(rendered)))
    else:
        rendered.rename(target)
    return target


def _existing(path: Path) -> Path:
    """Return ``path`` or its nearest existing parent (staging must be on the same disk)."""
    while not path.exists():
        path = path.parent
    if not path.is_dir():
        raise UserError(_("output: %(path)s is a file, not a folder") % {"path": path})
    return path
