"""``fc-lifecycle update`` and ``check``: preconditions, answers, render, plan, apply.

Copier's shape: check preconditions first (each its own message), render the *base* (the
recorded template version with the recorded answers) and the *target* into temporary
folders, plan the three-way merge, then apply it. The answers file is rewritten, never merged.
"""

from __future__ import annotations

import json
import re
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from fc_lifecycle import merge_apply, merge_plan, template_source
from fc_lifecycle.errors import UserError
from fc_lifecycle.render import render
from fc_lifecycle.template import load_spec

ANSWERS_FILE = ".fc-lifecycle.json"
MARKER = re.compile(rb"^(<<<<<<< project|>>>>>>> template)", re.MULTILINE)

Asker = Callable[[dict[str, Any], list[str], dict[str, Any]], dict[str, Any]]


@dataclass(frozen=True)
class Options:
    """Everything ``update`` needs; the CLI builds it from flags."""

    project: Path
    template: str | None = None
    to: str | None = None
    changes: dict[str, Any] = field(default_factory=dict)
    allow_dirty: bool = False
    dry_run: bool = False
    ask: Asker | None = None  # asks questions (new ones, or all with --interactive)


@dataclass
class Result:
    """What update planned and did."""

    base: template_source.Version | None
    target: template_source.Version
    steps: list[merge_plan.Step]
    outcome: merge_apply.Outcome
    changes: merge_apply.Changes
    dry_run: bool


def read_record(project: Path) -> dict[str, Any]:
    """Return the parsed answers file of ``project``."""
    path = project / ANSWERS_FILE
    if not path.is_file():
        raise UserError(f"{path}: no answers file; is this an fc-lifecycle project?")
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise UserError(f"{path}: not valid JSON ({error})") from None
    if not isinstance(record.get("answers"), dict) or not isinstance(record.get("template"), dict):
        raise UserError(f"{path}: needs 'answers' and 'template' objects")
    return record


def check_clean(project: Path, allow_dirty: bool) -> None:
    """Refuse a git working tree with uncommitted changes, a stale staging folder, leftovers."""
    if (project / merge_apply.STAGING).exists():
        raise UserError(
            f"{project / merge_apply.STAGING}: a previous update was killed mid-write; copy its "
            "backup/ over the project, delete the files journal.json lists as created, then "
            "delete the folder"
        )
    inside = subprocess.run(
        ["git", "-C", str(project), "rev-parse", "--is-inside-work-tree"],
        capture_output=True,
        text=True,
        check=False,
    )
    if inside.returncode == 0 and not allow_dirty:
        status = subprocess.run(
            ["git", "-C", str(project), "status", "--porcelain", "--", "."],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        if status.strip():
            raise UserError(f"{project}: uncommitted changes; commit them first (or --allow-dirty)")
    for rel, entry in merge_plan.read_tree(project).items():
        if rel.endswith(merge_apply.BESIDE_SUFFIX):
            raise UserError(f"{rel}: left from a previous update; merge it by hand and delete it")
        if MARKER.search(entry.data):
            raise UserError(f"{rel}: unresolved conflict markers from a previous update")


def layer_answers(
    recorded: dict[str, Any], changes: dict[str, Any], spec: dict[str, Any], ask: Asker | None
) -> dict[str, Any]:
    """Combine answers: flags > answers file > template defaults; ask about new questions."""
    questions = [key for key in spec if not key.startswith("_")]
    for key in changes:
        if key not in questions:
            raise UserError(f"--set {key}: unknown question (known: {', '.join(questions)})")
    answers = {key: recorded[key] for key in questions if key in recorded}
    answers.update(changes)
    new = [key for key in questions if key not in answers]
    if ask is not None:
        answers.update(ask(answers, new, spec))
    return answers


def _render(version: template_source.Version, answers: dict[str, Any], into: Path) -> Path:
    spec = load_spec(version.path)
    known = {key: value for key, value in answers.items() if key in spec}
    return render(version.path, known, into)


def _record(target: template_source.Version, rendered: Path) -> merge_plan.Entry:
    """The new answers file: the rendered answers with the target's provenance."""
    record = json.loads((rendered / ANSWERS_FILE).read_text(encoding="utf-8"))
    record["template"] = {
        "checkout": "",
        "commit": target.commit,
        "source": target.source,
        "version": target.version,
    }
    text = json.dumps(record, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    return merge_plan.Entry(text.encode("utf-8"), 0o644)


def update(options: Options) -> Result:
    """Plan the update of ``options.project`` and, unless a dry run, apply it."""
    project = options.project.resolve()
    record = read_record(project)
    check_clean(project, options.allow_dirty)
    with tempfile.TemporaryDirectory(prefix="fc-update-") as tmp:
        work = Path(tmp)
        base = template_source.find_base(record["template"], work)
        target = template_source.find_target(record["template"], options.template, options.to, work)
        if base is not None and template_source.older(base, target):
            raise UserError(f"target: {target.label()} is older than the project's {base.label()}")
        spec = load_spec(target.path)
        answers = layer_answers(record["answers"], options.changes, spec, options.ask)
        new_dir = _render(target, answers, work / "out-target")
        exclude = frozenset({ANSWERS_FILE})
        base_tree = None
        if base is not None:
            base_dir = _render(base, record["answers"], work / "out-base")
            base_tree = merge_plan.read_tree(base_dir, exclude)
        steps = merge_plan.plan(
            base_tree,
            merge_plan.read_tree(new_dir, exclude),
            merge_plan.read_tree(project, exclude),
        )
        labels = merge_apply.Labels(
            "project", f"base ({base.label()})" if base else "base", f"template ({target.label()})"
        )
        extra = {ANSWERS_FILE: _record(target, new_dir)}
        changes, outcome = merge_apply.compute(steps, labels, extra)
        if not options.dry_run:
            merge_apply.write_changes(project, changes)
    return Result(base, target, steps, outcome, changes, options.dry_run)


def check(project: Path, template: str | None = None) -> tuple[str, str, bool]:
    """Return (project version, current template version, up to date) for ``project``."""
    record = read_record(project.resolve())["template"]
    with tempfile.TemporaryDirectory(prefix="fc-check-") as tmp:
        target = template_source.find_target(record, template, None, Path(tmp))
    base_label = f"v{record.get('version', '')} {str(record.get('commit', ''))[:7]}".strip()
    if target.commit and record.get("commit"):
        current = target.commit == record["commit"]
    else:
        current = str(record.get("version", "")) == target.version
    return base_label, target.label(), current
