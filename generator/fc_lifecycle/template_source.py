"""Find the template versions of an update: the base a project was made from, the target.

A git template's version is exported with ``git archive`` from its history (the copy on
this machine, found by ``template_places``); the template inside the installed package is
identified by its ``_version`` and ``_commit``, and earlier ones come from the history
packed in the wheel (``history``).
"""

from __future__ import annotations

import io
import json
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

from fc_lifecycle import git, history
from fc_lifecycle.errors import UserError
from fc_lifecycle.i18n import _
from fc_lifecycle.template import bundled_template, load_spec
from fc_lifecycle.template_places import fetched, is_bundled_path, is_remote, local_copies

# The earlier template versions a wheel carries (absent in a development checkout).
PACKED = Path(history.__file__).parent / history.NAME


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


def export(repo: Path, commit: str, into: Path) -> Version:
    """Write the template files of ``commit`` into ``into`` (no network, no checkout)."""
    data = git.archive(repo, commit, *template_entries(repo, commit))
    into.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        tar.extractall(into)  # noqa: S202 - our own repository's history
    return Version(into, str(load_spec(into).get("_version", "")), commit, str(repo))


def template_entries(repo: Path, commit: str) -> list[str]:
    """The top-level files and folders of ``commit`` that make up its template: those of
    ``history.is_template_path`` and the local packages its ``_extensions`` name (the
    repository's tests and docs are no part of it, and writing them was most of an
    export's time). Every entry when ``commit`` has no readable ``cookiecutter.json``."""
    try:
        spec = json.loads(git.read(repo, "show", f"{commit}:cookiecutter.json"))
        names = git.read(repo, "ls-tree", "-z", "--name-only", commit).decode().split("\0")
    except (subprocess.CalledProcessError, ValueError):
        return []
    extensions = spec.get("_extensions") if isinstance(spec, dict) else None
    packages = {str(name).split(".")[0] for name in extensions or []}
    return [
        name for name in names
        if name and (history.is_template_path(name) or name.removesuffix(".py") in packages)
    ]  # fmt: skip


def bundled() -> Version:
    """The template carried by the installed package (a wheel's is stamped with its commit)."""
    path = bundled_template()
    spec = load_spec(path)
    commit = spec.get("_commit") or (git.commit_of(path, "HEAD") if git.is_top(path) else None)
    return Version(path, str(spec.get("_version", "")), commit or "", str(path))


def from_history(commit: str, source: str, workdir: Path) -> Version | None:
    """The template of ``commit`` from the history packed in the wheel, or None."""
    into = workdir / "base"
    if not commit or not PACKED.is_file() or not history.extract(PACKED, commit, into):
        return None
    return Version(into, str(load_spec(into).get("_version", "")), commit, source)


def made_by_newer(record: dict) -> bool:
    """True when the project was made from the bundled template of a newer fc-lifecycle:
    a higher template version, or a commit this package neither carries nor has in its
    history (packed in the wheel, or the checkout's git history in development)."""
    source, commit = record.get("source", ""), record.get("commit", "")
    if source and not is_bundled_path(source):
        return False
    mine = bundled()
    try:
        if int(record.get("version", "")) > int(mine.version):
            return True
    except ValueError:
        pass
    if not commit or commit == mine.commit:
        return False
    if PACKED.is_file():
        return not history.knows(PACKED, commit)
    return git.is_top(mine.path) and not git.is_ancestor(mine.path, commit, "HEAD")


def _commit_in(repo: Path, ref: str) -> str | None:
    """``ref`` in ``repo``, also as a remote-tracking branch (a clone's ``origin/ref``)."""
    return git.commit_of(repo, ref) or git.commit_of(repo, f"origin/{ref}")


def find_base(record: dict, workdir: Path, template: str | None = None) -> Version | None:
    """Return the template version the project was made from, or None if it is nowhere.

    Looked for in order: a local git copy (``--template``, the recorded folder, or
    cookiecutter's clone of a remote one), the template this package carries, the history
    packed in the wheel, and last, for a remote source, a fresh clone.
    """
    source, commit = record.get("source", ""), record.get("commit", "")
    copies = (local_copies(template) if template else []) + local_copies(source)
    for repo in copies if commit else []:
        if git.commit_of(repo, commit):
            return export(repo, commit, workdir / "base")
    mine = bundled()
    if commit and commit == mine.commit:
        return mine
    packed = from_history(commit, source, workdir)
    if packed is not None:
        return packed
    if not commit:
        return mine if mine.version and mine.version == str(record.get("version", "")) else None
    remote = template or source
    if is_remote(remote):
        repo = fetched(remote, workdir)
        if git.commit_of(repo, commit):
            return export(repo, commit, workdir / "base")
    return None


def find_target(record: dict, template: str | None, ref: str | None, workdir: Path) -> Version:
    """Return the version to update to: ``--template``/``--to``, else the recorded source.

    A remote source comes from cookiecutter's clone when there is one, else it is fetched;
    a recorded folder that is gone is an error (never the bundled template in its place).
    """
    source = template or record.get("source", "")
    if is_remote(source):
        copies = local_copies(source)
        repo = copies[0] if copies else fetched(source, workdir)
        return _export_ref(repo, ref or record.get("checkout") or "HEAD", workdir, source)
    if not source or (not template and is_bundled_path(source)):
        if ref:
            raise UserError(_("--to: needs a git template, and the bundled template is not one"))
        return bundled()
    path = Path(source).expanduser()
    if not path.is_dir():
        raise UserError(
            _(
                "template: %(source)s (the project's template source) is not here; "
                "pass --template PATH to a copy of the template"
            )
            % {"source": source}
        )
    if git.is_top(path):
        return _export_ref(path, ref or "HEAD", workdir, str(path))
    if ref:
        raise UserError(
            _("--to: needs a git template, and %(source)s is not one") % {"source": source}
        )
    return Version(path, str(load_spec(path).get("_version", "")), "", str(path.resolve()))


def _export_ref(repo: Path, ref: str, workdir: Path, source: str) -> Version:
    commit = _commit_in(repo, ref)
    if commit is None:
        raise UserError(
            _("--to: %(ref)r is not a commit of %(source)s") % {"ref": ref, "source": source}
        )
    version = export(repo, commit, workdir / "target")
    return Version(version.path, version.version, commit, source)


def older(base: Version, target: Version) -> bool:
    """True when ``target`` is strictly older than ``base``."""
    if base.commit and target.commit and base.commit != target.commit:
        repo = Path(target.source)
        if repo.is_dir() and git.is_ancestor(repo, target.commit, base.commit):
            return True
    try:
        return int(target.version) < int(base.version)
    except ValueError:
        return False
