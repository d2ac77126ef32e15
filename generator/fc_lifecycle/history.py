"""Every earlier template version, packed into the wheel so ``update`` finds its base offline.

Format (``template-history.zip`` beside the bundled template, written at wheel build time
by ``hatch_build.py`` from this repository's git history):

- ``blobs/<id>``: each distinct file content once, deflated; ``<id>`` is its git blob id
  (a SHA-1 of the content), so a file unchanged across versions costs nothing more.
- ``index.json``: ``{"format": 1, "head": C, "versions": {C: {path: [mode, id]}},
  "commits": {any commit: C}}``. A *version* ``C`` is a commit that changed the template
  (``cookiecutter.json``, ``hooks/``, ``templates/``, the ``{{cookiecutter.*}}`` folder);
  its manifest maps each template path to its file mode (``0o755`` or ``0o644``) and blob
  id. ``commits`` maps
  every commit of the history to the version it carries, so a project recording any commit
  of this repository finds its template. ``head`` is the version the wheel itself carries.

Projects made from an installed wheel record ``head`` (the wheel's ``cookiecutter.json``
gets ``"_commit": head``), and ``update`` extracts that version as the merge base.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from fc_lifecycle import git

FORMAT = 1
NAME = "template-history.zip"


def is_template_path(path: str) -> bool:
    """True for the files that make up the template in this repository."""
    top = path.split("/", 1)[0]
    return top in ("cookiecutter.json", "hooks", "templates") or top.startswith("{{cookiecutter.")


def _manifest(repo: Path, commit: str) -> dict[str, list]:
    """``{path: [mode, blob id]}`` of the template files in ``commit``."""
    manifest = {}
    for line in git.read(repo, "ls-tree", "-r", "-z", commit).decode().split("\0"):
        if not line:
            continue
        meta, path = line.split("\t", 1)
        mode, kind, blob = meta.split()
        if kind == "blob" and is_template_path(path) and "__pycache__" not in path:
            manifest[path] = [0o755 if mode == "100755" else 0o644, blob]
    return manifest


def _blobs(repo: Path, ids: list[str]) -> dict[str, bytes]:
    """Read many blobs in one ``git cat-file --batch``."""
    out = git.read(repo, "cat-file", "--batch", data="".join(f"{i}\n" for i in ids).encode())
    blobs, pos = {}, 0
    for blob in ids:
        header_end = out.index(b"\n", pos)
        size = int(out[pos:header_end].split()[2])
        blobs[blob] = out[header_end + 1 : header_end + 1 + size]
        pos = header_end + 1 + size + 1
    return blobs


TEMPLATE_PATHS = ("cookiecutter.json", "hooks", "templates", ":(glob){{cookiecutter.*}}/**")


def pack(repo: Path, out: Path) -> str:
    """Write the history of ``repo`` (HEAD and its ancestors) to ``out``; return ``head``."""
    changed = git.read(repo, "rev-list", "HEAD", "--", *TEMPLATE_PATHS).decode().split()
    versions = {commit: _manifest(repo, commit) for commit in changed}
    versions = {commit: files for commit, files in versions.items() if files}
    commits, current = {}, ""
    for commit in reversed(git.read(repo, "rev-list", "--topo-order", "HEAD").decode().split()):
        current = commit if commit in versions else current
        if current:
            commits[commit] = current
    head = commits.get(git.read(repo, "rev-parse", "HEAD").decode().strip(), "")
    ids = sorted({blob for files in versions.values() for _mode, blob in files.values()})
    head = "" if git.changes(repo, *TEMPLATE_PATHS) else head
    index = {"format": FORMAT, "head": head, "versions": versions, "commits": commits}
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("index.json", json.dumps(index, separators=(",", ":"), sort_keys=True))
        for blob, data in _blobs(repo, ids).items():
            archive.writestr(f"blobs/{blob}", data)
    return head


def stamped(spec_text: str, head: str) -> str:
    """``cookiecutter.json``'s text with ``"_commit": head`` (as the wheel carries it)."""
    return spec_text.replace('"_version":', f'"_commit": "{head}",\n  "_version":', 1)


def knows(archive: Path, commit: str) -> bool:
    """True when the history in ``archive`` holds ``commit`` (it or an earlier one)."""
    with zipfile.ZipFile(archive) as packed:
        index = json.loads(packed.read("index.json"))
    return index.get("format") == FORMAT and commit in index["commits"]


def extract(archive: Path, commit: str, into: Path) -> bool:
    """Write the template of ``commit`` into ``into``; False when the history lacks it."""
    with zipfile.ZipFile(archive) as packed:
        index = json.loads(packed.read("index.json"))
        version = index["commits"].get(commit) if index.get("format") == FORMAT else None
        if version is None:
            return False
        for path, (mode, blob) in index["versions"][version].items():
            target = into / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(packed.read(f"blobs/{blob}"))
            target.chmod(mode)
    return True
