"""Where the template is, and the option data its ``cookiecutter.json`` holds."""

from __future__ import annotations

import importlib.util
import json
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

from fc_lifecycle.errors import UserError

_PACKAGE = Path(__file__).resolve().parent


def bundled_template() -> Path:
    """Return the template shipped with the package (or the checkout, in development)."""
    for candidate in (_PACKAGE / "template", _PACKAGE.parents[1]):
        if (candidate / "cookiecutter.json").is_file():
            return candidate
    raise UserError("template: the bundled template is missing; reinstall fc-lifecycle")


def load_spec(template_dir: Path) -> dict[str, Any]:
    """Return the parsed ``cookiecutter.json`` of a local template folder."""
    path = Path(template_dir) / "cookiecutter.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UserError(f"template: no cookiecutter.json in {template_dir}") from None
    except json.JSONDecodeError as error:
        raise UserError(f"template: {path} is not valid JSON ({error})") from None


@cache
def rules_module(template_dir: Path) -> ModuleType:
    """Import the template's ``hooks/pre_gen_project.py``: the one implementation of the rules."""
    path = Path(template_dir) / "hooks" / "pre_gen_project.py"
    spec = importlib.util.spec_from_file_location(f"fc_rules_{abs(hash(path))}", path)
    if spec is None or spec.loader is None or not path.is_file():
        raise UserError(f"template: {path} is missing")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
