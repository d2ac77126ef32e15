"""Git, as fc-lifecycle uses it: one way to run it, and the few questions it asks.

Every git command of the generator runs through here. Standard library only:
``hatch_build.py`` imports it (with ``history``) while the wheel is built. The template's
post-generation hook keeps its own few lines of git, since it runs under plain cookiecutter
where fc-lifecycle is not installed.
"""

from __future__ import annotations

import subprocess
from pathlib import Path


def run(repo: Path | None, *args: str, data: bytes | None = None) -> subprocess.CompletedProcess:
    """Run ``git -C REPO ARGS`` (no ``-C`` without ``repo``), output captured as bytes,
    whatever its exit status. Raises OSError when git cannot be started."""
    where = ["-C", str(repo)] if repo is not None else []
    return subprocess.run(["git", *where, *args], input=data, capture_output=True, check=False)


def read(repo: Path, *args: str, data: bytes | None = None) -> bytes:
    """The output of a git command that must succeed.

    Raises:
        subprocess.CalledProcessError: git failed. OSError: git cannot be started.
    """
    result = run(repo, *args, data=data)
    result.check_returncode()
    return result.stdout


def output(repo: Path, *args: str) -> str | None:
    """The output of a git command as stripped text, or None when it fails (or no git)."""
    try:
        result = run(repo, *args)
    except OSError:
        return None
    return result.stdout.decode(errors="replace").strip() if result.returncode == 0 else None


def is_top(path: Path) -> bool:
    """True when ``path`` is the top of a git working tree."""
    top = output(path, "rev-parse", "--show-toplevel")
    return top is not None and Path(top).resolve() == Path(path).resolve()


def is_inside(path: Path) -> bool:
    """True when ``path`` is in a git working tree (at its top or below)."""
    return output(path, "rev-parse", "--is-inside-work-tree") == "true"


def commit_of(repo: Path, ref: str) -> str | None:
    """The full commit id ``ref`` names in ``repo``, or None."""
    return output(repo, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")


def is_ancestor(repo: Path, older: str, newer: str) -> bool:
    """True when commit ``older`` is in the history of ``newer``."""
    return output(repo, "merge-base", "--is-ancestor", older, newer) is not None


def changes(repo: Path, *paths: str) -> str:
    """``git status --porcelain`` of ``paths`` (all of them when none): "" when clean."""
    return read(repo, "status", "--porcelain", "--", *paths).decode(errors="replace").strip()


def archive(repo: Path, commit: str, *paths: str) -> bytes:
    """The files of ``commit`` (those under ``paths``, if given) as a tar archive, with the
    modes of a checkout (644/755)."""
    return read(repo, "-c", "tar.umask=0022", "archive", "--format=tar", commit, "--", *paths)


def clone(url: str, into: Path) -> str | None:
    """Clone ``url`` into ``into`` without a checkout; None when done, else git's reason."""
    result = run(None, "clone", "--quiet", "--no-checkout", url, str(into))
    if result.returncode == 0:
        return None
    fatal = [line for line in result.stderr.decode(errors="replace").splitlines()
             if line.startswith("fatal: ")]  # fmt: skip
    return fatal[0][len("fatal: ") :] if fatal else "git clone failed"
