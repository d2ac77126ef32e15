"""Find a template version on disk: a commit of a local git repository, or the bundled one.

Everything here is offline: a git template is exported with ``git archive`` from its own
history; the template inside the installed package is identified by its ``_version``.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

from fc_lifecycle.errors import UserError
from fc_lifecycle.template import bundled_template, load_spec


@dataclass(frozen=True)
class Version:
    """A template version: where its files are, its ``_version`` and git commit ("" if none)."""

    path: Path
    version: str
    commit: str
    source: str

    def label(self) -> str:
        """Short human name, e.g. ``v2 def4567``."""
        return f"v{self.version} {self.commit[:7]}".strip()


def _git(repo: Path, *args: str) -> str | None:
    try:
        result = subprocess.run(
            ["git", "-C", str(repo), *args], capture_output=True, text=True, check=False
        )
    except OSError:
        return None
    return result.stdout.strip() if result.returncode == 0 else None


def is_git_repo(path: Path) -> bool:
    """True when ``path`` is the top of a git working tree."""
    top = _git(path, "rev-parse", "--show-toplevel")
    return top is not None and Path(top).resolve() == Path(path).resolve()


def resolve_commit(repo: Path, ref: str) -> str | None:
    """Return the full commit id ``ref`` names in ``repo``, or None."""
    return _git(repo, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")


def export(repo: Path, commit: str, into: Path) -> Version:
    """Write the template files of ``commit`` into ``into`` (no network, no checkout)."""
    archive = subprocess.run(
        ["git", "-C", str(repo), "archive", "--format=tar", commit], capture_output=True, check=True
    ).stdout
    into.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into)  # noqa: S202 - our own repository's history
    return Version(into, str(load_spec(into).get("_version", "")), commit, str(repo))


def is_ancestor(repo: Path, older: str, newer: str) -> bool:
    """True when commit ``older`` is in the history of ``newer``."""
    return _git(repo, "merge-base", "--is-ancestor", older, newer) is not None


def bundled() -> Version:
    """The template carried by the installed package."""
    path = bundled_template()
    commit = resolve_commit(path, "HEAD") if is_git_repo(path) else None
    return Version(path, str(load_spec(path).get("_version", "")), commit or "", str(path))


def local_folder(source: str) -> Path | None:
    """The folder ``source`` names: a path, or a ``file://`` URL (``new --checkout`` records a
    local git template as ``git+file://``, the form cookiecutter clones), else None."""
    text = source[len("git+") :] if source.startswith("git+") else source
    if text.startswith("file://"):
        text = unquote(urlparse(text).path)
    return Path(text) if text and Path(text).is_dir() else None


def local_copies(source: str) -> list[Path]:
    """Folders that may hold the template's history: the source itself if local, else
    the clone cookiecutter keeps in ``~/.cookiecutters/<name>`` for a remote source."""
    if not source:
        return []
    if local_folder(source):
        return [local_folder(source)]
    name = source.rstrip("/").rsplit("/", 1)[-1].rsplit(":", 1)[-1]
    name = name[: -len(".git")] if name.endswith(".git") else name
    clone = Path.home() / ".cookiecutters" / name
    return [clone] if name and clone.is_dir() else []


def find_base(record: dict, workdir: Path) -> Version | None:
    """Return the template version the project was made from, or None if it is nowhere."""
    source, commit = record.get("source", ""), record.get("commit", "")
    for repo in local_copies(source) if commit else []:
        if resolve_commit(repo, commit):
            return export(repo, commit, workdir / "base")
    mine = bundled()
    if mine.version and mine.version == str(record.get("version", "")):
        if not commit or commit == mine.commit:
            return mine
    return None


def find_target(record: dict, template: str | None, ref: str | None, workdir: Path) -> Version:
    """Return the version to update to: ``--template``/``--to``, else source HEAD or bundled."""
    source = template or record.get("source", "")
    folder = local_folder(source)
    if folder and is_git_repo(folder):
        commit = resolve_commit(folder, ref or "HEAD")
        if commit is None:
            raise UserError(f"--to: {ref!r} is not a commit of {source}")
        return export(folder, commit, workdir / "target")
    if ref:
        raise UserError(
            f"--to: needs a git template, and {source or 'the bundled template'} is not one"
        )
    if template:
        path = Path(template)
        return Version(path, str(load_spec(path).get("_version", "")), "", str(path.resolve()))
    return bundled()


def older(base: Version, target: Version) -> bool:
    """True when ``target`` is strictly older than ``base``."""
    if base.commit and target.commit and base.commit != target.commit:
        repo = Path(target.source)
        if is_ancestor(repo, target.commit, base.commit):
            return True
    try:
        return int(target.version) < int(base.version)
    except ValueError:
        return False
