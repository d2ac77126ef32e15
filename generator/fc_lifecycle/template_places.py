"""Where a recorded template source is on this machine: the folder it names, the clone
cookiecutter keeps of a remote one in ``~/.cookiecutters``, or a fresh clone (network)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlparse

from fc_lifecycle import git
from fc_lifecycle.errors import UserError
from fc_lifecycle.i18n import _


def is_remote(source: str) -> bool:
    """True for a git URL or a cookiecutter abbreviation (``gh:org/repo``), not a folder."""
    return "://" in source or "@" in source or source.split(":", 1)[0] in ("gh", "gl", "bb")


def is_bundled_path(source: str) -> bool:
    """True for the template folder of some fc-lifecycle install (``…/fc_lifecycle/template``)."""
    return Path(source).parts[-2:] == ("fc_lifecycle", "template")


def url_of(source: str) -> str:
    """``source`` with cookiecutter's abbreviations (``gh:``, ``gl:``, ``bb:``) expanded."""
    from cookiecutter.config import BUILTIN_ABBREVIATIONS
    from cookiecutter.repository import expand_abbreviations

    return expand_abbreviations(source, BUILTIN_ABBREVIATIONS)


def local_folder(source: str) -> Path | None:
    """The folder ``source`` names: a path, or ``git+file://PATH``, the form ``new --checkout``
    records for a local git template (cookiecutter clones it to check the ref out); else None.
    A plain ``file://`` URL stays a remote, fetched like any other."""
    text = source
    if source.startswith("git+file://"):
        text = unquote(urlparse(source[len("git+") :]).path)
    elif is_remote(source):
        return None
    return Path(text) if text and Path(text).is_dir() else None


def local_copies(source: str) -> list[Path]:
    """Folders that may hold the template's history: the source itself if local, else
    the clone cookiecutter keeps in ``~/.cookiecutters/<name>`` for a remote source."""
    if not source:
        return []
    folder = local_folder(source)
    if folder:
        return [folder]
    if not is_remote(source):
        return []
    name = url_of(source).rstrip("/").rsplit("/", 1)[-1].split(":")[-1]
    name = name[: -len(".git")] if name.endswith(".git") else name
    clone = Path.home() / ".cookiecutters" / name
    return [clone] if name and git.is_top(clone) else []


def fetched(source: str, workdir: Path) -> Path:
    """A fresh clone of the remote ``source`` in ``workdir`` (made once; one line on stderr)."""
    clone = workdir / "fetched"
    if clone.is_dir():
        return clone
    from fc_lifecycle import console

    url = url_of(source)
    reason = git.clone(url, clone)
    if reason is not None:
        raise UserError(
            _(
                "template: cannot fetch %(url)s (%(reason)s); "
                "pass --template PATH to a local copy of the template"
            )
            % {"url": url, "reason": reason}
        )
    console.err(_("fetched %(url)s (no clone in ~/.cookiecutters)") % {"url": url})
    return clone
