"""Render the template with cookiecutter, all or nothing."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

from fc_lifecycle.errors import UserError
from fc_lifecycle.template import load_spec, rules_module


def check_answers(template_dir: Path, answers: dict[str, Any]) -> dict[str, Any]:
    """Return ``answers`` converted to their types; raise UserError naming a bad one."""
    rules = rules_module(Path(template_dir))
    try:
        return rules.check_all(answers, load_spec(template_dir))
    except rules.AnswerError as error:
        raise UserError(str(error)) from None


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
    checkout: str | None = None,
) -> Path:
    """Render the project for ``answers`` into ``output_dir``; return the project folder.

    The project is rendered into a temporary folder beside its destination and moved into
    place only when complete, so a failure or Ctrl-C leaves nothing half-written. With
    ``overwrite``, an existing folder keeps files the template does not produce.
    """
    from cookiecutter.exceptions import CookiecutterException, FailedHookException
    from cookiecutter.main import cookiecutter

    answers = check_answers(template_dir, answers)
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".fc-render-", dir=output_dir) as staging:
        try:
            rendered = Path(
                cookiecutter(
                    str(template_dir),
                    checkout=checkout,
                    no_input=True,
                    extra_context={key: literal(value) for key, value in answers.items()},
                    output_dir=staging,
                    default_config=True,
                )
            )
        except FailedHookException as error:
            raise UserError(f"template hook failed: {error}") from None
        except CookiecutterException as error:
            raise UserError(f"template: {error}") from None
        target = output_dir / rendered.name
        if target.exists() and not overwrite:
            raise UserError(f"output: {target} already exists (use --force to overwrite)")
        if target.exists():
            shutil.copytree(rendered, target, dirs_exist_ok=True)
        else:
            rendered.rename(target)
    return target
