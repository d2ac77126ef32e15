"""Write a set of file changes into a project all or nothing, even if killed at any moment.

1. **Stage** (the project is not touched): every new content goes to ``.fc-update/new/`` and a
   backup of every file to be replaced or deleted to ``.fc-update/backup/``; each is fsynced
   and each backup read back and checked against the digest of the original. Only then is the
   journal written (atomically, fsynced): for every file, the digest and mode it had
   (``before``) and will have (``after``). No journal means nothing in the project changed.
2. **Commit**: rename each new file into place (atomic per file), delete the removed ones;
   the answers file goes last, so it never says what the files do not have yet.
3. **Finish**: the journal is renamed ``journal.done``, then the staging folder is deleted.

If the commit fails (a permission error, Ctrl-C), ``roll_back`` puts back exactly the files
whose content is the ``after`` of the journal (the ones this run replaced), from their checked
backups, keeps going past a file it cannot put back, and keeps the staging folder only then.
If the process is killed, the next ``update`` or ``new --force`` in the folder does the same
roll-back first (``recover``); a file changed since the kill is left as it is and named.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from fc_lifecycle.errors import FcLifecycleError
from fc_lifecycle.i18n import N_, _

STAGING = ".fc-update"
JOURNAL = "journal.json"
DONE = "journal.done"
State = Optional[tuple[str, int]]  # a file's (sha256, mode), or None when it does not exist


class Unfinished(FcLifecycleError):
    """A previous run was stopped mid-write: what its roll-back did, and what is left."""


class WriteFailed(FcLifecycleError):
    """Writing failed (a permission error, a full disk) and every change was undone."""


@dataclass(frozen=True)
class Change:
    """One file of the change set: its new content (None deletes it) and mode."""

    data: bytes | None
    mode: int = 0o644


@dataclass(frozen=True)
class Item:
    """A journal line: where the file is, where its new content is staged, before and after."""

    rel: str
    index: int
    before: State
    after: State


@dataclass
class RollBack:
    """What a roll-back did: files put back, files left as the user changed them, failures."""

    restored: list[str] = field(default_factory=list)
    changed_since: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def digest(data: bytes) -> str:
    """The sha256 of ``data``, hex."""
    return hashlib.sha256(data).hexdigest()


def state_of(path: Path) -> State | str:
    """A file's (digest, mode), None when missing, ``"other"`` when not a regular file."""
    try:
        mode = path.lstat().st_mode
    except FileNotFoundError:
        return None
    if not stat.S_ISREG(mode):
        return "other"
    return digest(path.read_bytes()), stat.S_IMODE(mode)


def _durable(path: Path, data: bytes, mode: int) -> None:
    """Write ``path`` (new) and fsync it, with ``mode``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "xb") as stream:
        stream.write(data)
        stream.flush()
        os.fsync(stream.fileno())
    os.chmod(path, mode)


def _sync_folders(folders: Iterable[Path]) -> None:
    """fsync folders so that the names created or renamed in them are on disk."""
    for folder in sorted(set(folders)):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def apply(project: Path, changes: dict[str, Change], last: Iterable[str] = ()) -> None:
    """Write ``changes`` into ``project`` all or nothing (see the module docstring).

    Raises:
        Unfinished: a previous run's staging folder is there (it is recovered first), or
            the roll-back could not put every file back.
        WriteFailed: a file could not be written; everything was undone.
        KeyboardInterrupt: Ctrl-C or SIGTERM, after the roll-back.
    """
    recover_or_raise(project)
    staging = project / STAGING
    staging.mkdir()
    try:
        items = _stage(project, staging, changes, frozenset(last))
    except BaseException as error:
        shutil.rmtree(staging, ignore_errors=True)  # nothing in the project changed yet
        if isinstance(error, OSError):
            raise WriteFailed(
                _(
                    "could not stage the changes in %(staging)s (%(detail)s); "
                    "nothing in the project was changed"
                )
                % {"staging": staging, "detail": _detail(error)}
            ) from error
        raise
    try:
        _commit(project, staging, items)
    except BaseException as error:
        done = roll_back(project, staging, items)
        if done.failed:
            raise Unfinished(_advice(project, done, N_("this run"))) from error
        if isinstance(error, OSError):
            raise WriteFailed(
                _(
                    "could not write %(project)s (%(detail)s); nothing was changed: every "
                    "file it had replaced was put back"
                )
                % {"project": project, "detail": _detail(error)}
            ) from error
        raise
    _finish(staging)
    for item in items:
        if item.after is None:
            _drop_empty_folders(project / item.rel, project)


def _drop_empty_folders(removed: Path, project: Path) -> None:
    """Remove the folders above ``removed`` (below ``project``) left empty: a template that
    drops its last file in a folder (``.github/workflows/ci.yml``) drops the folder too. Done
    after the update is complete, so a roll-back never meets a missing folder."""
    folder = removed.parent
    while folder != project and project in folder.parents and folder.is_dir():
        if any(folder.iterdir()):
            break
        folder.rmdir()
        folder = folder.parent


def _detail(error: OSError) -> str:
    where = f": {error.filename}" if error.filename else ""
    return f"{error.strerror or error}{where}"


def _stage(project: Path, staging: Path, changes: dict[str, Change], last: frozenset) -> list:
    order = sorted(changes, key=lambda rel: (rel in last, rel))
    items = []
    for index, rel in enumerate(order):
        found = state_of(project / rel)
        if isinstance(found, str):  # "other"
            message = _("%(path)s: not a regular file; move it away and run again")
            raise OSError(message % {"path": rel})
        before = found
        if found is not None:
            data = (project / rel).read_bytes()
            backup = staging / "backup" / rel
            _durable(backup, data, found[1])
            if digest(backup.read_bytes()) != digest(data):
                message = _("%(path)s: its backup did not read back as written")
                raise OSError(message % {"path": rel})
            before = (digest(data), found[1])
        change = changes[rel]
        after = None if change.data is None else (digest(change.data), change.mode)
        if change.data is not None:
            _durable(staging / "new" / str(index), change.data, change.mode)
        items.append(Item(rel, index, before, after))
    created = sorted(
        {
            folder.relative_to(project).as_posix()
            for rel in changes
            for folder in (project / rel).parents
            if project in folder.parents and not folder.exists()
        }
    )
    _sync_folders(path.parent for path in staging.rglob("*"))
    journal = {
        "state": "applying",
        "files": [[i.rel, i.index, i.before, i.after] for i in items],
        "created_folders": created,
        "how_to_restore": "run fc-lifecycle update (or new --force) in the project again: it "
        "puts back every file whose digest and mode are 'after' from backup/ (deletes it when "
        "'before' is null) and leaves any other file as it is",
    }
    _durable(staging / (JOURNAL + ".tmp"), json.dumps(journal, indent=1).encode(), 0o644)
    os.replace(staging / (JOURNAL + ".tmp"), staging / JOURNAL)
    _sync_folders([staging, project])
    return items


def _commit(project: Path, staging: Path, items: list[Item]) -> None:
    touched = []
    for item in items:
        destination = project / item.rel
        if item.after is None:
            if destination.exists():
                destination.unlink()
        else:
            destination.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / "new" / str(item.index), destination)
        touched.append(destination.parent)
    _sync_folders(folder for folder in touched if folder.exists())


def _finish(staging: Path) -> None:
    os.replace(staging / JOURNAL, staging / DONE)  # from here on the update is complete
    shutil.rmtree(staging)


def roll_back(project: Path, staging: Path, items: list[Item]) -> RollBack:
    """Put back what this run replaced; delete the staging folder when all went back."""
    done = RollBack()
    for item in reversed(items):
        destination = project / item.rel
        try:
            current = state_of(destination)
            if current == item.before:
                continue  # never replaced, or already put back
            if current != item.after:
                done.changed_since.append(item.rel)
                continue
            if item.before is None:
                destination.unlink()
            else:
                backup = staging / "backup" / item.rel
                if digest(backup.read_bytes()) != item.before[0]:
                    raise OSError(
                        _("backup/%(path)s does not match its digest") % {"path": item.rel}
                    )
                os.replace(backup, destination)
            done.restored.append(item.rel)
        except OSError as error:
            done.failed.append(f"{item.rel} ({error.strerror or error})")
    if not done.failed:
        _remove_empty(project, _journal(staging).get("created_folders", []))
        shutil.rmtree(staging, ignore_errors=True)
    return done


def _remove_empty(project: Path, folders: list[str]) -> None:
    for rel in sorted(folders, key=lambda name: name.count("/"), reverse=True):
        folder = project / rel
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()


def _journal(staging: Path) -> dict:
    try:
        return json.loads((staging / JOURNAL).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def recover(project: Path) -> RollBack | None:
    """Finish what a stopped run left: None when there is nothing, else the roll-back done.

    No journal means the run stopped before it changed any file (or after it changed them
    all): the staging folder is deleted. With a journal, the files it replaced go back.
    """
    staging = project / STAGING
    if not staging.exists():
        return None
    if (staging / DONE).exists():  # it finished: only the clean-up was cut short
        shutil.rmtree(staging)
        return None
    journal = _journal(staging)
    if "files" not in journal:
        shutil.rmtree(staging)
        return RollBack()
    items = [Item(rel, i, _state(old), _state(new)) for rel, i, old, new in journal["files"]]
    return roll_back(project, staging, items)


def _state(value: list | None) -> State:
    return None if value is None else (str(value[0]), int(value[1]))


def recover_or_raise(project: Path) -> None:
    """Recover a stopped run's staging folder, then stop with what was done (Unfinished)."""
    done = recover(project)
    if done is not None:
        raise Unfinished(_advice(project, done, N_("a previous update or new --force")))


def _advice(project: Path, done: RollBack, who: str) -> str:
    """One line: what the roll-back put back, what it left, what to do next (``who`` is
    marked with ``N_``, translated here)."""
    if done.failed:
        return _(
            "%(who)s was stopped mid-write and these files could not be put back: "
            "%(files)s; fix that and run the command again: it puts them back "
            "from the checked backups in %(staging)s (do not delete that folder)"
        ) % {"who": _(who), "files": ", ".join(done.failed), "staging": project / STAGING}
    said = _("%(who)s was stopped mid-write: ") % {"who": _(who)}
    if done.restored:
        said += _("put back the %(count)s files it had replaced, from checked backups") % {
            "count": len(done.restored)
        }
    else:
        said += _("it had changed no file")
    if done.changed_since:
        said += _("; left as you changed them since: %(files)s") % {
            "files": ", ".join(sorted(done.changed_since))
        }
    return said + _("; the project is as it was before it. Run the command again")
