"""Unit tests of the update plan: one path, three versions, one action."""

from __future__ import annotations

import pytest
from fc_lifecycle.merge_plan import Action, Entry, classify, plan

A, B, C = Entry(b"a\n", 0o644), Entry(b"b\n", 0o644), Entry(b"c\n", 0o644)


@pytest.mark.parametrize(
    ("base", "target", "project", "action"),
    [
        (A, A, A, Action.UNCHANGED),
        (A, B, A, Action.UPDATE),
        (A, A, B, Action.KEEP),
        (A, B, B, Action.UNCHANGED),
        (A, B, C, Action.MERGE),
        (A, B, None, Action.DELETED_BY_USER),
        (A, None, A, Action.REMOVE),
        (A, None, B, Action.KEEP_REMOVED),
        (A, None, None, Action.UNCHANGED),
        (None, A, None, Action.ADD),
        (None, A, A, Action.UNCHANGED),
        (None, A, B, Action.BOTH_ADDED),
        (None, None, A, Action.UNCHANGED),
    ],
    ids=[
        "untouched",
        "template-only",
        "user-only",
        "same-change",
        "both-changed",
        "deleted-by-user",
        "removed-untouched",
        "removed-edited",
        "gone-everywhere",
        "added",
        "added-identical",
        "added-both-sides",
        "user-file",
    ],
)
def test_classify(base, target, project, action):
    assert classify("f", base, target, project) is action


def test_plan_covers_every_path_sorted():
    steps = plan({"b": A}, {"a": A, "b": B}, {"b": A, "z": C})
    assert [(s.path, s.action) for s in steps] == [
        ("a", Action.ADD),
        ("b", Action.UPDATE),
        ("z", Action.UNCHANGED),
    ]


def test_plan_without_base_never_replaces_a_differing_file():
    steps = plan(None, {"a": A, "b": B, "n": C}, {"a": A, "b": C})
    assert [s.action for s in steps] == [Action.UNCHANGED, Action.BESIDE, Action.ADD]


def test_template_mode_change_is_taken_when_user_kept_mode():
    step = plan({"x": A}, {"x": Entry(A.data, 0o755)}, {"x": A})[0]
    assert step.action is Action.UPDATE and step.mode == 0o755


def test_user_mode_wins_when_user_changed_it():
    step = plan({"x": A}, {"x": B}, {"x": Entry(A.data, 0o700)})[0]
    assert step.mode == 0o700


def test_read_tree_skips_git_and_installed_dependencies(tmp_path):
    for rel in (".git/HEAD", "code/python/lib.py", "code/app.py", "python/x.py"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x")
    from fc_lifecycle.merge_plan import read_tree

    assert sorted(read_tree(tmp_path)) == ["code/app.py", "python/x.py"]
