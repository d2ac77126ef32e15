"""Plan a three-way update: classify every path of base, target and project.

Pure: reads trees into memory and decides; writes nothing. ``merge_apply`` carries the
plan out. ``base`` is ``None`` when the project's template version cannot be found, in
which case no user file is ever replaced.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

# Folders of a project that never come from the template and may be large.
SKIP_DIRS = frozenset({".git", ".venv", "venv", "node_modules", "__pycache__", ".fc-update"})
# Dependencies the project's build installs for FC (thousands of files, never templated).
SKIP_PATHS = frozenset({"code/python"})


@dataclass(frozen=True)
class Entry:
    """One file's content and permission bits."""

    data: bytes
    mode: int


Tree = dict[str, Entry]


class Action(str, Enum):
    """What update does with one path (the value is the word the summary prints)."""

    UNCHANGED = "unchanged"  # nothing to do (no side changed, or both made the same change)
    UPDATE = "updated"  # only the template changed: take its content
    KEEP = "kept"  # only the user changed: leave it
    MERGE = "merged"  # both changed: line-by-line three-way merge
    DELETED_BY_USER = "deleted by user"  # stays deleted
    REMOVE = "removed"  # template dropped it and the user never touched it
    KEEP_REMOVED = "kept (removed from template)"  # template dropped it, user edited it
    ADD = "added"  # new in the template
    BOTH_ADDED = "merged (added on both sides)"  # new in the template and in the project
    BESIDE = "kept, template version beside"  # base unknown: write FILE.fc-new


@dataclass(frozen=True)
class Step:
    """The decision for one path, with the three versions it was made from."""

    path: str
    action: Action
    base: Entry | None
    target: Entry | None
    project: Entry | None
    mode: int | None = None  # permission bits the file ends with


def read_tree(root: Path, exclude: frozenset[str] = frozenset()) -> Tree:
    """Return every file under ``root`` keyed by its POSIX relative path."""
    tree: Tree = {}
    for folder, dirs, files in os.walk(root):
        here = Path(folder).relative_to(root).as_posix()
        dirs[:] = sorted(
            d
            for d in dirs
            if d not in SKIP_DIRS and (f"{here}/{d}" if here != "." else d) not in SKIP_PATHS
        )
        for name in files:
            path = Path(folder) / name
            rel = path.relative_to(root).as_posix()
            if rel in exclude or path.is_symlink():
                continue
            tree[rel] = Entry(path.read_bytes(), path.stat().st_mode & 0o777)
    return tree


def _mode(base: Entry | None, target: Entry, project: Entry | None) -> int:
    """Keep the user's mode unless only the template changed it."""
    if project is None:
        return target.mode
    if base is not None and project.mode == base.mode:
        return target.mode
    return project.mode


def classify(path: str, base: Entry | None, target: Entry | None, project: Entry | None) -> Action:
    """Return the action for one path from its three versions (``None`` = absent)."""
    if target is None:
        if project is None or base is None:
            return Action.UNCHANGED  # gone everywhere, or a file of the user's own
        return Action.REMOVE if project.data == base.data else Action.KEEP_REMOVED
    if project is None:
        return Action.DELETED_BY_USER if base is not None else Action.ADD
    if base is None:
        return Action.UNCHANGED if project.data == target.data else Action.BOTH_ADDED
    if project.data == target.data:
        return Action.UNCHANGED  # untouched on both sides, or the same change made twice
    if target.data == base.data:
        return Action.KEEP
    return Action.UPDATE if project.data == base.data else Action.MERGE


def classify_without_base(target: Entry | None, project: Entry | None) -> Action:
    """Classify when the base is unknown: never replace an existing user file."""
    if target is None:
        return Action.UNCHANGED
    if project is None:
        return Action.ADD
    return Action.UNCHANGED if project.data == target.data else Action.BESIDE


def plan(base: Tree | None, target: Tree, project: Tree) -> list[Step]:
    """Return one step per path found in any of the trees, sorted by path."""
    paths = sorted(set(base or {}) | set(target) | set(project))
    steps = []
    for path in paths:
        b = base.get(path) if base is not None else None
        t, p = target.get(path), project.get(path)
        if base is None:
            action = classify_without_base(t, p)
        else:
            action = classify(path, b, t, p)
        if action is Action.UNCHANGED and p is not None and t is not None and b is not None:
            if p.mode == b.mode and t.mode != b.mode:
                action = Action.UPDATE  # only the permission bits changed in the template
        mode = _mode(b, t, p) if t is not None else None
        steps.append(Step(path, action, b, t, p, mode))
    return steps
