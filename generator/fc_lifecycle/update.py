"""``fc-lifecycle update`` and ``check``: preconditions, answers, render, plan, apply.

Copier's shape: check preconditions first (each its own message), render the *base* (the
recorded template version with the recorded answers) and the *target* into temporary
folders, plan the three-way merge, then apply it. The answers file is rewritten, never merged.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fc_lifecycle import answers, git, merge_apply, merge_plan, template_source, transaction
from fc_lifecycle.errors import UserError
from fc_lifecycle.i18n import _
from fc_lifecycle.render import render
from fc_lifecycle.template import load_questions, load_spec

MARKER = re.compile(rb"^(<<<<<<< project|>>>>>>> template)", re.MULTILINE)
# The generated plumbing package, versioned as a unit (``__version__`` in its __init__.py).
SUPPORT = "code/fc_support"
SUPPORT_VERSION = re.compile(rb"""^__version__ = ["']([^"']+)["']""", re.MULTILINE)


@dataclass(frozen=True)
class Options:
    """Everything ``update`` needs; the CLI builds it from flags."""

    project: Path
    template: str | None = None
    to: str | None = None
    changes: dict[str, Any] = field(default_factory=dict)  # unchecked, as given
    typed: dict[str, str] = field(default_factory=dict)  # what the user typed for each
    allow_dirty: bool = False
    dry_run: bool = False
    ask: str = "new"  # "new": ask missing questions; "all": re-ask all; "none": defaults


@dataclass
class Result:
    """What update planned and did."""

    base: template_source.Version | None
    target: template_source.Version
    steps: list[merge_plan.Step]
    outcome: merge_apply.Outcome
    changes: merge_apply.Changes
    dry_run: bool
    support: tuple[str, str] | None = None  # fc_support's version (old, new) when it changes

    @property
    def up_to_date(self) -> bool:
        """True when there is nothing to write, not even the answers file."""
        return not self.changes and self.outcome.clean


def check_clean(project: Path, allow_dirty: bool) -> None:
    """Refuse a git working tree with uncommitted changes, a stale staging folder, leftovers."""
    # A run stopped mid-write: put back what it replaced, say so, and stop.
    transaction.recover_or_raise(project)
    if not allow_dirty and git.is_inside(project):
        if git.changes(project, "."):
            raise UserError(
                _("%(project)s: uncommitted changes; commit them first (or --allow-dirty)")
                % {"project": project}
            )
    for rel, entry in merge_plan.read_tree(project).items():
        if rel.endswith(merge_apply.BESIDE_SUFFIX):
            raise UserError(
                _("%(path)s: left from a previous update; merge it by hand and delete it")
                % {"path": rel}
            )
        if MARKER.search(entry.data):
            raise UserError(
                _("%(path)s: unresolved conflict markers from a previous update") % {"path": rel}
            )


def choose_answers(
    target: template_source.Version, recorded: dict, options: Options
) -> answers.Answers:
    """Recorded answers, then flags (checked here against the target, the one check),
    then the wizard or the rendered defaults."""
    questions = load_questions(target.path)
    given = answers.Answers.given(questions, options.changes, options.typed)
    layered = answers.Answers.recorded(questions, recorded).with_(**given)
    if options.ask == "none" or (options.ask == "new" and not layered.missing()):
        return layered.completed()
    keep = frozenset(given) if options.ask == "all" else None
    return answers.ask(layered, keep=keep)[0]


def _render(version: template_source.Version, chosen: Mapping[str, Any], into: Path) -> Path:
    spec = load_spec(version.path)
    known = {key: value for key, value in chosen.items() if key in spec}
    return render(version.path, known, into, replay=False)


def _record(
    old: answers.Record, target: template_source.Version, rendered: Path
) -> merge_plan.Entry:
    """The new answers file: the rendered answers with the target's provenance."""
    new = answers.read(rendered)
    same_source = target.source == old.template.get("source")
    template = {
        "checkout": old.template.get("checkout", "") if same_source else "",
        "commit": target.commit,
        "source": target.source,
        "version": target.version,
    }
    return merge_plan.Entry(answers.Record(new.answers, template).dumps(), 0o644)


def _versions(record: answers.Record, options: Options, work: Path):
    """The base (None when unknown) and the target, refusing to go backwards."""
    refuse_newer(options.project, record.template, options.template)
    base = template_source.find_base(record.template, work, options.template)
    target = template_source.find_target(record.template, options.template, options.to, work)
    if base is not None and template_source.older(base, target):
        raise UserError(
            _("target: %(target)s is older than the project's %(base)s")
            % {"target": target.label(), "base": base.label()}
        )
    return base, target


def refuse_newer(project: Path, recorded: dict, template: str | None) -> None:
    """Refuse a project made by a newer fc-lifecycle than this one (without ``--template``):
    its template is nowhere here, and the bundled one is older."""
    if template is None and template_source.made_by_newer(recorded):
        made = f"v{recorded.get('version', '')} {str(recorded.get('commit', ''))[:7]}"
        raise UserError(
            _(
                "%(project)s: made by a newer fc-lifecycle (template %(made)s) than this one"
                " (%(ours)s); upgrade it from your clone (pip install -U /path/to/clone, or"
                " pipx install --force git+URL of your copy) or pass --template PATH"
            )
            % {"project": project, "made": made.strip(), "ours": template_source.bundled().label()}
        )


def _plan(project, base, target, record: answers.Record, chosen: answers.Answers, work: Path):
    """Render base and target into ``work``; return the merge steps and the target render."""
    new_dir = _render(target, chosen, work / "out-target")
    exclude = frozenset({answers.FILE})
    base_tree = None
    if base is not None:
        base_tree = merge_plan.read_tree(_render(base, record.answers, work / "out-base"), exclude)
    steps = merge_plan.plan(
        base_tree, merge_plan.read_tree(new_dir, exclude), merge_plan.read_tree(project, exclude)
    )
    return steps, new_dir


def update(options: Options) -> Result:
    """Plan the update of ``options.project`` and, unless a dry run, apply it."""
    project = options.project.resolve()
    record = answers.read(project)
    check_clean(project, options.allow_dirty)
    with tempfile.TemporaryDirectory(prefix="fc-update-") as tmp:
        work = Path(tmp)
        base, target = _versions(record, options, work)
        chosen = choose_answers(target, record.answers, options)
        steps, new_dir = _plan(project, base, target, record, chosen, work)
        labels = merge_apply.Labels(
            "project", f"base ({base.label()})" if base else "base", f"template ({target.label()})"
        )
        new_record = _record(record, target, new_dir)
        unchanged = (project / answers.FILE).read_bytes() == new_record.data
        extra = {} if unchanged else {answers.FILE: new_record}
        changes, outcome = merge_apply.compute(steps, labels, extra)
        support = support_change(project, new_dir, changes)
        if changes and not options.dry_run:
            merge_apply.write_changes(project, changes)
    return Result(base, target, steps, outcome, changes, options.dry_run, support)


def support_version(project: Path) -> str:
    """The version ``fc_support`` in ``project`` carries; "unversioned" before it had one."""
    try:
        found = SUPPORT_VERSION.search((project / SUPPORT / "__init__.py").read_bytes())
    except OSError:
        return "none"
    return found.group(1).decode() if found else "unversioned"


def support_change(
    project: Path, rendered: Path, changes: merge_apply.Changes
) -> tuple[str, str] | None:
    """(the project's fc_support version, the template's) when update changes the package."""
    if not any(rel.startswith(SUPPORT + "/") for rel in changes):
        return None
    old, new = support_version(project), support_version(rendered)
    return (old, new) if old != new else None


def check(project: Path, template: str | None = None) -> tuple[str, str, bool]:
    """Return (project version, current template version, up to date) for ``project``."""
    record = answers.read(project.resolve()).template
    refuse_newer(project, record, template)
    with tempfile.TemporaryDirectory(prefix="fc-check-") as tmp:
        target = template_source.find_target(record, template, None, Path(tmp))
    base_label = f"v{record.get('version', '')} {str(record.get('commit', ''))[:7]}".strip()
    if target.commit and record.get("commit"):
        current = target.commit == record["commit"]
    else:
        current = str(record.get("version", "")) == target.version
    return base_label, target.label(), current
