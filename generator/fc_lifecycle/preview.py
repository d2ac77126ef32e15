"""``fc-lifecycle new --dry-run``: every file a project would get, with the template file
it comes from; nothing is written where the user looks (the render goes to a temporary
folder, cookiecutter's replay with it)."""

from __future__ import annotations

import importlib.util
import json
import tempfile
from pathlib import Path
from types import ModuleType
from typing import Any

from fc_lifecycle.errors import UserError
from fc_lifecycle.i18n import _
from fc_lifecycle.render import render

TREE = "{{cookiecutter.__project_dir}}"
VARIANTS = "_variants"
# Written by the post-generation hook, not copied from the tree.
HOOK = "hooks/post_gen_project.py"


def preview(template_dir: Path, answers: dict[str, Any]) -> dict[str, str]:
    """Render ``answers`` into a temporary folder; return ``{project path: source}``."""
    with tempfile.TemporaryDirectory(prefix="fc-preview-") as tmp:
        project = render(template_dir, answers, Path(tmp), replay=False)
        return sources(template_dir, project)


def sources(template_dir: Path, project: Path) -> dict[str, str]:
    """Map each file of a rendered ``project`` to where it comes from in ``template_dir``:
    ``<path>`` or ``_variants/<condition>/<path>`` under the tree folder, or the hook."""
    from fc_lifecycle import answers as answers_file

    tree = Path(template_dir) / TREE
    spec = json.loads((Path(template_dir) / "cookiecutter.json").read_text(encoding="utf-8"))
    conditions = spec.get("_conditions", {})
    chosen = answers_file.read(project).answers
    holds = _hook(Path(template_dir)).holds
    found = {}
    for path in sorted(p for p in project.rglob("*") if p.is_file()):
        rel = path.relative_to(project).as_posix()
        if rel == answers_file.FILE:
            found[rel] = HOOK
            continue
        if (tree / rel).is_file():
            found[rel] = f"{TREE}/{rel}"
            continue
        # The hook moved it up from the one variant folder that holds it and whose
        # condition holds (it refuses two), so exactly one matches.
        variants = [
            f"{TREE}/{VARIANTS}/{name}/{rel}"
            for name, condition in sorted(conditions.items())
            if (tree / VARIANTS / name / rel).is_file() and holds(condition, chosen)
        ]
        found[rel] = variants[0] if len(variants) == 1 else "?"
    return found


def _hook(template_dir: Path) -> ModuleType:
    """The template's own post-generation hook, for its ``holds`` (one rule, not a copy)."""
    spec = importlib.util.spec_from_file_location("fc_post_gen", template_dir / HOOK)
    if spec is None or spec.loader is None:
        raise UserError(_("template: cannot read %(path)s") % {"path": template_dir / HOOK})
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def lines(found: dict[str, str]) -> list[str]:
    """The preview as aligned lines: project path, then its source."""
    width = max(map(len, found), default=0)
    return [f"{rel.ljust(width)}  <- {source}" for rel, source in found.items()]
