"""An isolated place to run commands: a temporary HOME, git identity and the repo's code."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GENERATOR = ROOT / "generator"
BIN = Path(sys.executable).parent


class CommandFailed(Exception):
    """A benchmarked command exited with a non-zero status."""


def tool(name: str, module: str) -> list[str]:
    """The console script ``name`` next to this Python, or ``python -m module``."""
    script = BIN / name
    return [str(script)] if script.is_file() else [sys.executable, "-m", module]


class Sandbox:
    """A temporary folder with its own HOME and git config, removed on exit."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="fc-bench-"))
        self.home = self.root / "home"
        self.home.mkdir()
        gitconfig = self.home / ".gitconfig"
        gitconfig.write_text("[user]\n\tname = Bench\n\temail = bench@example.com\n")
        self.env = {
            **os.environ,
            "HOME": str(self.home),
            "GIT_CONFIG_GLOBAL": str(gitconfig),
            "GIT_CONFIG_NOSYSTEM": "1",
            "PATH": os.pathsep.join([str(BIN), os.environ.get("PATH", "")]),
            "PYTHONPATH": os.pathsep.join(
                p for p in (str(GENERATOR), os.environ.get("PYTHONPATH", "")) if p
            ),
        }
        self._count = 0

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *exc: object) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

    def fresh(self, name: str) -> Path:
        """A new empty folder under the sandbox."""
        self._count += 1
        path = self.root / f"{name}-{self._count}"
        path.mkdir()
        return path

    def run(self, argv: list[str], cwd: Path | None = None) -> str:
        """Run a command to completion; return its stdout, raise when it fails."""
        done = subprocess.run(
            argv, cwd=cwd, env=self.env, capture_output=True, text=True, stdin=subprocess.DEVNULL
        )
        if done.returncode != 0:
            raise CommandFailed(
                f"{' '.join(argv)} exited {done.returncode}:\n{done.stderr[-2000:]}"
            )
        return done.stdout

    def timed(self, argv: list[str], cwd: Path | None = None) -> float:
        """Wall-clock seconds of a whole process, start to exit."""
        begin = time.perf_counter()
        self.run(argv, cwd)
        return time.perf_counter() - begin

    def git(self, repo: Path, *args: str) -> None:
        """Run git in ``repo``."""
        self.run(["git", "-C", str(repo), *args])

    def commit_all(self, repo: Path, message: str) -> None:
        """Stage everything in ``repo`` and commit it."""
        self.git(repo, "add", "-A")
        self.git(repo, "commit", "-q", "-m", message)
