"""Where the template is, and the option data its ``cookiecutter.json`` holds."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fc_lifecycle.errors import UserError
from fc_lifecycle.i18n import _
from fc_lifecycle.options import Questions
from fc_template import rules

_PACKAGE = Path(__file__).resolve().parent


def bundled_template() -> Path:
    """Return the template shipped with the package (or the checkout, in development)."""
    for candidate in (_PACKAGE / "template", _PACKAGE.parents[1]):
        if (candidate / "cookiecutter.json").is_file():
            return candidate
    raise UserError(_("template: the bundled template is missing; reinstall fc-lifecycle"))


def load_spec(template_dir: Path) -> dict[str, Any]:
    """Return the parsed ``cookiecutter.json`` of a local template folder."""
    path = Path(template_dir) / "cookiecutter.json"
    try:
        return rules.load_spec(template_dir)
    except FileNotFoundError:
        raise UserError(
            _("template: no cookiecutter.json in %(folder)s") % {"folder": template_dir}
        ) from None
    except json.JSONDecodeError as error:
        raise UserError(
            _("template: %(path)s is not valid JSON (%(error)s)") % {"path": path, "error": error}
        ) from None


def load_questions(template_dir: Path) -> Questions:
    """The questions of a local template folder (its ``cookiecutter.json``)."""
    return Questions(load_spec(template_dir))
