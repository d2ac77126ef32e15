"""Carry out an update plan: compute every new file first, then move each into place.

New contents and backups of every file to be replaced or deleted are written to a staging
folder inside the project (same file system, so each rename is atomic) together with a
journal. Only then are the files renamed into place. If that is interrupted (an error,
Ctrl-C, SIGTERM), every original is put back and every new file removed, so the project
is exactly as before. Only if that roll-back fails too (or the process is killed) does the
staging folder stay, and it says how to restore by hand.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from fc_lifecycle import git
from fc_lifecycle.merge_plan import Action, Entry, Step

Changes = dict[str, Optional[Entry]]  # path -> new content; None deletes the file
STAGING = ".fc-update"
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
        raise OSError(f"git merge-file failed: {result.stderr.decode(errors='replace')}")
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


def _write(path: Path, entry: Entry) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(entry.data)
    os.chmod(path, entry.mode)


def _stage(project: Path, staging: Path, changes: Changes) -> None:
    """Write new contents and backups of the originals, then the journal (last)."""
    for index, (rel, entry) in enumerate(sorted(changes.items())):
        original = project / rel
        if original.exists():
            backup = staging / "backup" / rel
            backup.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(original, backup)
        if entry is not None:
            _write(staging / "new" / str(index), entry)
    created = sorted(rel for rel in changes if not (project / rel).exists())
    journal = {
        "state": "applying",
        "files": sorted(changes),
        "created": created,
        "restore": "copy backup/ over the project, delete the 'created' files, delete this folder",
    }
    (staging / "journal.json").write_text(json.dumps(journal, indent=2) + "\n", encoding="utf-8")


def _commit(project: Path, staging: Path, changes: Changes) -> None:
    """Rename each staged file into place (atomic per file), delete the removed ones."""
    for index, (rel, entry) in enumerate(sorted(changes.items())):
        destination = project / rel
        if entry is None:
            if destination.exists():
                destination.unlink()
                _drop_empty_folders(destination.parent, project)
            continue
        destination.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staging / "new" / str(index), destination)


def _drop_empty_folders(folder: Path, project: Path) -> None:
    """Remove ``folder`` and its parents below ``project`` while empty: a template that drops
    its last file in a folder (``.github/workflows/ci.yml``) drops the folder too."""
    while folder != project and folder.is_relative_to(project) and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


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
    """Stage, journal and rename ``changes`` into ``project``; see the module docstring."""
    staging = project / STAGING
    staging.mkdir()
    try:
        _stage(project, staging, changes)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)  # nothing in the project changed yet
        raise
    new_folders = {
        folder
        for rel in changes
        for folder in (project / rel).parents
        if folder.is_relative_to(project) and not folder.exists()
    }
    try:
        _commit(project, staging, changes)
    except BaseException:
        _roll_back(project, staging, changes, new_folders)
        raise
    shutil.rmtree(staging)


def _roll_back(project: Path, staging: Path, changes: Changes, new_folders: set[Path]) -> None:
    """Put every original back, remove the files and folders the update created."""
    for rel in sorted(changes, reverse=True):
        backup, destination = staging / "backup" / rel, project / rel
        if backup.exists():
            destination.parent.mkdir(parents=True, exist_ok=True)
            os.replace(backup, destination)
        elif destination.exists():
            destination.unlink()
    for folder in sorted(new_folders, key=lambda path: len(path.parts), reverse=True):
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
    shutil.rmtree(staging)
