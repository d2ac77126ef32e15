"""Carry out an update plan: compute every new file first (merges in memory), then write
them all or nothing through ``fc_lifecycle.transaction`` (staged, journalled, rolled back
on any failure, recovered by the next run after a kill)."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from fc_lifecycle import git, transaction
from fc_lifecycle.i18n import _
from fc_lifecycle.merge_plan import Action, Entry, Step
from fc_lifecycle.transaction import Change

Changes = dict[str, Optional[Entry]]  # path -> new content; None deletes the file
STAGING = transaction.STAGING
BESIDE_SUFFIX = ".fc-new"


@dataclass(frozen=True)
class Labels:
    """The names written on conflict markers."""

    project: str = "project"
    base: str = "base"
    target: str = "template"


@dataclass
class Outcome:
    """What the update did, path by path, grouped for the summary."""

    done: dict[str, list[str]] = field(default_factory=dict)
    conflicts: list[str] = field(default_factory=list)
    beside: list[str] = field(default_factory=list)

    def note(self, word: str, path: str) -> None:
        """Record that ``path`` was handled as ``word``."""
        self.done.setdefault(word, []).append(path)

    @property
    def clean(self) -> bool:
        """True when nothing is left for the user to resolve."""
        return not self.conflicts and not self.beside


def merge_text(base: bytes, project: bytes, target: bytes, labels: Labels) -> tuple[bytes, bool]:
    """Three-way merge with ``git merge-file --diff3``; return (result, had_conflicts)."""
    with tempfile.TemporaryDirectory(prefix="fc-merge-") as tmp:
        names = []
        for name, data in (("project", project), ("base", base), ("target", target)):
            path = Path(tmp) / name
            path.write_bytes(data)
            names.append(str(path))
        labels_args = ("-L", labels.project, "-L", labels.base, "-L", labels.target)
        result = git.run(None, "merge-file", "-p", "--diff3", *labels_args, *names)
    if result.returncode < 0 or result.returncode > 127:
        reason = result.stderr.decode(errors="replace")
        raise OSError(_("git merge-file failed: %(reason)s") % {"reason": reason})
    return result.stdout, result.returncode != 0


def _is_binary(*datas: bytes | None) -> bool:
    return any(data is not None and b"\0" in data[:8000] for data in datas)


def resolve(step: Step, labels: Labels, outcome: Outcome) -> Entry | None:
    """Return the file's new content (``None`` = delete it); record what happened."""
    word = step.action.value
    if step.action in (Action.UPDATE, Action.ADD):
        assert step.target is not None and step.mode is not None
        outcome.note(word, step.path)
        return Entry(step.target.data, step.mode)
    if step.action is Action.REMOVE:
        outcome.note(word, step.path)
        return None
    assert step.target is not None and step.project is not None and step.mode is not None
    base = step.base.data if step.base is not None else b""
    data, conflicted = merge_text(base, step.project.data, step.target.data, labels)
    (outcome.conflicts if conflicted else outcome.done.setdefault(word, [])).append(step.path)
    return Entry(data, step.mode)


def _decide(step: Step, labels: Labels, outcome: Outcome, changes: Changes) -> None:
    """Add what ``step`` changes on disk to ``changes``; record it in ``outcome``."""
    if step.action in (Action.UNCHANGED, Action.KEEP, Action.DELETED_BY_USER):
        if step.project is not None and step.mode is not None and step.project.mode != step.mode:
            changes[step.path] = Entry(step.project.data, step.mode)
        return
    if step.action is Action.KEEP_REMOVED:
        outcome.note(step.action.value, step.path)
        return
    binary = _is_binary(
        step.project.data if step.project else None, step.target.data if step.target else None
    )
    if step.action is Action.BESIDE or (
        binary and step.action in (Action.MERGE, Action.BOTH_ADDED)
    ):
        assert step.target is not None
        changes[step.path + BESIDE_SUFFIX] = step.target
        outcome.beside.append(step.path)
        return
    new = resolve(step, labels, outcome)
    if new is None or step.project is None or new != step.project:
        changes[step.path] = new


def compute(steps: list[Step], labels: Labels, extra: dict[str, Entry]) -> tuple[Changes, Outcome]:
    """Return every file change (merges done in memory) and the outcome; writes nothing."""
    outcome = Outcome()
    changes: Changes = dict(extra)
    for step in steps:
        _decide(step, labels, outcome, changes)
    return changes, outcome


def write_changes(project: Path, changes: Changes) -> None:
    """Write ``changes`` into ``project`` all or nothing, the answers file last
    (``fc_lifecycle.transaction``)."""
    from fc_lifecycle.answers import FILE

    staged = {
        rel: Change(None) if entry is None else Change(entry.data, entry.mode)
        for rel, entry in changes.items()
    }
    transaction.apply(project, staged, last=[FILE])
