"""Unit tests of applying an update plan to tiny trees on disk."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from fc_lifecycle import merge_apply
from fc_lifecycle.merge_apply import Labels, compute, write_changes
from fc_lifecycle.merge_plan import Entry, plan, read_tree
from fc_lifecycle.transaction import Unfinished, WriteFailed


@pytest.fixture(autouse=True)
def isolated_git(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")


def apply(project: Path, steps, labels: Labels, extra: dict) -> merge_apply.Outcome:
    """Apply as ``update`` does: compute every change, then write them all."""
    changes, outcome = compute(steps, labels, extra)
    write_changes(project, changes)
    return outcome


def E(text: str, mode: int = 0o644) -> Entry:
    return Entry(text.encode(), mode)


def write(root: Path, files: dict[str, Entry]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for rel, entry in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(entry.data)
        os.chmod(path, entry.mode)
    return root


def run(tmp_path, base, target, project, extra=None):
    root = write(tmp_path / "p", project)
    outcome = apply(root, plan(base, target, read_tree(root)), Labels(), extra or {})
    return root, outcome


def test_clean_merge_of_different_lines(tmp_path):
    base = {"f": E("1\n2\n3\n4\n5\n")}
    root, outcome = run(tmp_path, base, {"f": E("1\n2\n3\n4\nT\n")}, {"f": E("U\n2\n3\n4\n5\n")})
    assert (root / "f").read_text() == "U\n2\n3\n4\nT\n"
    assert outcome.clean and outcome.done["merged"] == ["f"]


def test_conflict_gets_labelled_diff3_markers(tmp_path):
    root, outcome = run(tmp_path, {"f": E("a\n")}, {"f": E("t\n")}, {"f": E("u\n")})
    assert (root / "f").read_text() == (
        "<<<<<<< project\nu\n||||||| base\na\n=======\nt\n>>>>>>> template\n"
    )
    assert outcome.conflicts == ["f"] and not outcome.clean


def test_added_file_keeps_template_mode(tmp_path):
    root, _ = run(tmp_path, {}, {"bin/run": E("#!/bin/sh\n", 0o755)}, {})
    assert (root / "bin/run").stat().st_mode & 0o777 == 0o755


def test_user_mode_survives_a_content_update(tmp_path):
    root, _ = run(tmp_path, {"f": E("a\n")}, {"f": E("b\n")}, {"f": E("a\n", 0o755)})
    assert (root / "f").read_text() == "b\n"
    assert (root / "f").stat().st_mode & 0o777 == 0o755


def test_removed_untouched_file_is_deleted(tmp_path):
    root, outcome = run(tmp_path, {"f": E("a\n")}, {}, {"f": E("a\n")})
    assert not (root / "f").exists() and outcome.done["removed"] == ["f"]


def test_beside_file_written_when_base_unknown(tmp_path):
    root, outcome = run(tmp_path, None, {"f": E("t\n")}, {"f": E("u\n")})
    assert (root / "f").read_text() == "u\n"
    assert (root / "f.fc-new").read_text() == "t\n"
    assert outcome.beside == ["f"] and not outcome.clean


def test_extra_files_are_written_as_given(tmp_path):
    root, _ = run(tmp_path, {}, {}, {".answers": E("old\n")}, {".answers": E("new\n")})
    assert (root / ".answers").read_text() == "new\n"


def test_staging_folder_is_gone_after_success(tmp_path):
    root, _ = run(tmp_path, {"f": E("a\n")}, {"f": E("b\n")}, {"f": E("a\n")})
    assert not (root / merge_apply.STAGING).exists()


# A project and an update that changes, adds (in a new folder) and deletes files.
BEFORE = {"a": E("a0\n"), "b": E("b0\n", 0o755), "gone": E("g\n"), "mine": E("user\n")}
BASE = {"a": E("a0\n"), "b": E("b0\n", 0o755), "gone": E("g\n")}
TARGET = {"a": E("a1\n"), "b": E("b1\n", 0o755), "new/dir/c": E("c\n")}
WRITES = 4  # a, b, new/dir/c, .answers are renamed into place; gone is unlinked


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    return {
        p.relative_to(root).as_posix(): (p.read_bytes(), p.stat().st_mode & 0o777)
        for p in sorted(root.rglob("*"))
        if p.is_file()
    } | {p.relative_to(root).as_posix(): (b"", 0) for p in root.rglob("*") if p.is_dir()}


@pytest.mark.parametrize("fault", [OSError("disk full"), KeyboardInterrupt()], ids=repr)
@pytest.mark.parametrize("at", range(1, WRITES + 2))
def test_interrupted_apply_leaves_the_project_exactly_as_before(tmp_path, monkeypatch, fault, at):
    root = write(tmp_path / "p", BEFORE)
    before = snapshot(root)
    steps = plan(BASE, TARGET, read_tree(root))
    real_replace, real_unlink, calls = os.replace, Path.unlink, []

    def failing(real):
        def call(*args, **kwargs):
            calls.append(args)
            if len(calls) == at:
                raise fault
            return real(*args, **kwargs)

        return call

    monkeypatch.setattr(os, "replace", failing(real_replace))
    monkeypatch.setattr(Path, "unlink", failing(real_unlink))
    with pytest.raises(WriteFailed if isinstance(fault, OSError) else type(fault)):
        apply(root, steps, Labels(), {".answers": E("new\n")})
    monkeypatch.undo()
    assert snapshot(root) == before
    assert len(calls) >= at


def test_apply_with_every_write_succeeding_is_complete(tmp_path):
    root = write(tmp_path / "p", BEFORE)
    apply(root, plan(BASE, TARGET, read_tree(root)), Labels(), {".answers": E("new\n")})
    assert {k: v[0] for k, v in snapshot(root).items() if v[1]} == {
        "a": b"a1\n", "b": b"b1\n", "new/dir/c": b"c\n", "mine": b"user\n", ".answers": b"new\n",
    }  # fmt: skip


def test_failed_roll_back_keeps_staging_with_backups_and_journal(tmp_path, monkeypatch):
    root = write(tmp_path / "p", {"a": E("a0\n"), "b": E("b0\n")})
    steps = plan(
        {"a": E("a0\n"), "b": E("b0\n")}, {"a": E("a1\n"), "b": E("b1\n")}, read_tree(root)
    )
    real_replace, calls = os.replace, []

    def flaky_replace(src, dst):
        calls.append(dst)
        if len(calls) >= 3:  # the journal (1) and a (2) go in; b and a's roll-back fail
            raise OSError("disk full")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", flaky_replace)
    with pytest.raises(Unfinished, match=r"could not be put back: a \(disk full\)"):
        apply(root, steps, Labels(), {})
    staging = root / merge_apply.STAGING
    assert (staging / "journal.json").is_file()
    assert (staging / "backup" / "a").read_text() == "a0\n"
