"""All or nothing for ``update`` and ``new --force`` (``fc_lifecycle.transaction``): a kill
at any moment, a permission error, a full disk, a roll-back that fails part-way."""

from __future__ import annotations

import errno
import json
import os
import random
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from fc_lifecycle import transaction, update
from fc_lifecycle.transaction import Change, Unfinished, WriteFailed

ANSWERS = ".fc-lifecycle.json"
BEFORE = {
    "s.yaml": ("memorySize: 512\n", 0o644),
    ANSWERS: ('{"memory_size": 512}\n', 0o644),
    "code/app.py": ("print('v1')\n", 0o644),
    "code/bootstrap": ("#!/bin/bash\nexec python3 app.py\n", 0o755),
    "gone.txt": ("removed by the template\n", 0o644),
    "notes.txt": ("the user's own\n", 0o600),
}
CHANGES = {
    "s.yaml": ("memorySize: 1024\n", 0o644),
    ANSWERS: ('{"memory_size": 1024}\n', 0o644),
    "code/app.py": ("print('v2')\n", 0o644),
    "code/bootstrap": ("#!/bin/bash\nexec python3 app.py\n", 0o700),  # the mode only
    "new/dir/c.py": ("c = 1\n", 0o644),
    "gone.txt": None,
}
AFTER = {
    **{rel: value for rel, value in BEFORE.items() if rel != "gone.txt"},
    **{rel: value for rel, value in CHANGES.items() if value is not None},
}


def make(folder: Path) -> Path:
    for rel, (text, mode) in BEFORE.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(text)
        os.chmod(folder / rel, mode)
    return folder


def changes() -> dict[str, Change]:
    return {
        rel: Change(None) if value is None else Change(value[0].encode(), value[1])
        for rel, value in CHANGES.items()
    }


def snapshot(folder: Path) -> dict:
    """Every file's text and mode, and every folder (an empty one left behind shows)."""
    files = {
        p.relative_to(folder).as_posix(): (p.read_text(), p.stat().st_mode & 0o777)
        for p in folder.rglob("*")
        if p.is_file()
    }
    folders = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_dir()}
    return {"files": files, "folders": folders}


def expected(state: dict) -> dict:
    folders = {str(Path(rel).parent) for rel in state} - {"."}
    folders |= {str(Path(f).parent) for f in folders} - {"."}
    return {"files": dict(state), "folders": folders}


DRIVER = r"""
import json, os, signal, sys
from pathlib import Path
from fc_lifecycle import transaction

project, kill_at = Path(sys.argv[1]), int(sys.argv[2])
raw = json.loads(sys.argv[3])
changes = {
    rel: transaction.Change(None) if v is None else transaction.Change(v[0].encode(), v[1])
    for rel, v in raw.items()
}
count = 0

def counted(real):
    def call(*args, **kwargs):
        global count
        count += 1
        if count == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(*args, **kwargs)
    return call

# Every file-system step the transaction takes is a point where the kill can land.
for name in ("replace", "fsync", "chmod", "unlink", "mkdir", "rmdir", "open"):
    setattr(os, name, counted(getattr(os, name)))
transaction.apply(project, changes, last=[".fc-lifecycle.json"])
print(count)
"""


def drive(project: Path, kill_at: int) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", DRIVER, str(project), str(kill_at), json.dumps(CHANGES)],
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.e2e
def test_a_kill_at_any_point_then_the_next_run_leaves_all_or_nothing(tmp_path):
    """SIGKILL at 40 seeded random points of the write; the next run's recovery leaves every
    file byte-identical to before (or, killed after the commit, to after), the answers file
    in step with s.yaml, and no staging folder."""
    whole = drive(make(tmp_path / "count"), 0)
    assert whole.returncode == 0, whole.stderr
    steps = int(whole.stdout)
    points = sorted(random.Random(30).sample(range(1, steps + 1), min(40, steps)))
    outcomes = {"before": 0, "after": 0}
    for point in points:
        project = make(tmp_path / f"kill{point}")
        killed = drive(project, point)
        assert killed.returncode == -signal.SIGKILL, (point, killed.stderr)
        try:
            transaction.recover_or_raise(project)
        except Unfinished as said:
            assert "the project is as it was before it" in str(said), point
        got = snapshot(project)
        if got == expected({rel: v for rel, v in BEFORE.items()}):
            outcomes["before"] += 1
        else:
            assert got == expected(AFTER), point
            outcomes["after"] += 1
        assert not (project / transaction.STAGING).exists()
    print(f"{steps} steps, {len(points)} kills: {outcomes}")
    assert outcomes["before"] > 10 and sum(outcomes.values()) == len(points)


def test_a_permission_error_mid_commit_puts_back_only_what_was_replaced(tmp_path, monkeypatch):
    project = make(tmp_path / "p")
    inodes = {rel: (project / rel).stat().st_ino for rel in BEFORE}
    real = os.replace

    def refused(src, dst, *args, **kwargs):
        if str(dst).endswith("s.yaml"):  # after code/app.py and code/bootstrap went in
            raise PermissionError(errno.EACCES, "Permission denied")
        return real(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", refused)
    with pytest.raises(WriteFailed, match=r"\(Permission denied\); nothing was changed"):
        transaction.apply(project, changes(), last=[ANSWERS])
    assert snapshot(project) == expected(BEFORE)
    # Files it never replaced are the very same files (not copies put back over them).
    for rel in ("s.yaml", ANSWERS, "notes.txt"):
        assert (project / rel).stat().st_ino == inodes[rel]
    assert not (project / transaction.STAGING).exists()


def test_a_roll_back_goes_past_a_file_it_cannot_put_back(tmp_path, monkeypatch):
    project = make(tmp_path / "p")
    real, state = os.replace, {"committed": False}

    def flaky(src, dst, *args, **kwargs):
        if str(dst).endswith("s.yaml"):
            state["committed"] = True
            raise OSError(errno.ENOSPC, "No space left on device")
        if state["committed"] and str(dst).endswith("code/app.py"):  # its roll-back
            raise PermissionError(errno.EACCES, "Permission denied")
        return real(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", flaky)
    with pytest.raises(Unfinished) as stopped:
        transaction.apply(project, changes(), last=[ANSWERS])
    message = str(stopped.value)
    assert "could not be put back: code/app.py (Permission denied)" in message
    assert "\n" not in message
    # The bootstrap's mode went back although app.py's content could not.
    assert (project / "code" / "bootstrap").stat().st_mode & 0o777 == 0o755
    monkeypatch.undo()
    with pytest.raises(Unfinished, match="put back the 1 files it had replaced"):
        transaction.recover_or_raise(project)
    assert snapshot(project) == expected(BEFORE)


def test_killed_while_staging_the_next_run_changes_nothing(tmp_path):
    """A staging folder without its journal: the backups may be empty, so none is used."""
    project = make(tmp_path / "p")
    staging = project / transaction.STAGING
    (staging / "backup" / "code").mkdir(parents=True)
    (staging / "backup" / "code" / "app.py").write_bytes(b"")  # cut short by the kill
    with pytest.raises(Unfinished, match="it had changed no file"):
        update.check_clean(project, allow_dirty=True)
    assert snapshot(project) == expected(BEFORE)


def test_a_file_changed_after_the_kill_is_left_and_named(tmp_path):
    # Killed between the commit and the finish: staged, journalled, committed, not finished.
    make(tmp_path / "q")
    staged = tmp_path / "q" / transaction.STAGING
    staged.mkdir()
    items = transaction._stage(tmp_path / "q", staged, changes(), frozenset([ANSWERS]))
    transaction._commit(tmp_path / "q", staged, items)
    (tmp_path / "q" / "code" / "app.py").write_text("print('edited after the kill')\n")
    with pytest.raises(Unfinished, match="left as you changed them since: code/app.py"):
        transaction.recover_or_raise(tmp_path / "q")
    got = snapshot(tmp_path / "q")["files"]
    assert got["code/app.py"][0] == "print('edited after the kill')\n"
    assert {rel: got[rel] for rel in BEFORE if rel != "code/app.py"} == {
        rel: v for rel, v in BEFORE.items() if rel != "code/app.py"
    }


def test_a_full_disk_while_staging_leaves_the_project_untouched(tmp_path, monkeypatch):
    project = make(tmp_path / "p")
    real, calls = os.fsync, []

    def full(descriptor):
        calls.append(descriptor)
        if len(calls) == 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(descriptor)

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(WriteFailed, match=r"\(No space left on device\); nothing in the"):
        transaction.apply(project, changes(), last=[ANSWERS])
    assert snapshot(project) == expected(BEFORE)
