"""The project's development set-up: FC's Python version, the .venv, the local runner.

The Makefile runs this with any ``python3`` (standard library only):

    python3 scripts/devenv.py --version 3.12 venv     .venv on Python 3.12, dev requirements in
    python3 scripts/devenv.py --version 3.12 venv --lint   the same, with requirements-lint.txt
    python3 scripts/devenv.py --version 3.12 runner   print the fc-lifecycle to run with

``--python PATH`` (the Makefile's ``PYTHON=``) replaces the search for the interpreter.
"""

from __future__ import annotations

import argparse
import glob
import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / ".venv"
# Each set is installed from its first file (which includes the others), again when any of its
# files changes; .venv/<stamp> holds the digest of the files installed last.
REQUIREMENTS = ("requirements-dev.txt", "code/requirements.txt")
LINT_REQUIREMENTS = ("requirements-lint.txt", *REQUIREMENTS)
STAMPS = {REQUIREMENTS: ".requirements", LINT_REQUIREMENTS: ".requirements-lint"}
HOSTS = {"gh": "github.com", "gl": "gitlab.com", "bb": "bitbucket.org"}


@dataclass(frozen=True)
class Interpreter:
    """A Python to use: where it is, its X.Y version, and how it was found."""

    path: str
    version: str
    found_by: str


def version_of(python: str) -> str | None:
    """The X.Y version of ``python``, or None when it does not run (a shim without it)."""
    try:
        done = subprocess.run(
            [python, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
            capture_output=True, text=True, timeout=30,
        )  # fmt: skip
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def candidates(version: str) -> Iterator[tuple[str, str]]:
    """Where Python ``version`` may be: PATH, pyenv's installed versions, uv's, each looked
    in only when the ones before had none that runs.

    A pyenv shim on PATH is passed over: it starts the pyenv version its settings select
    (about 0.2 s each start, in bash), or fails when they select none; the installed versions,
    next, are the same interpreters."""
    pyenv = os.environ.get("PYENV_ROOT") or os.path.expanduser("~/.pyenv")
    on_path = shutil.which(f"python{version}")
    if on_path and Path(on_path).parent != Path(pyenv, "shims"):
        yield on_path, "PATH"
    installed = glob.glob(f"{pyenv}/versions/{version}") + glob.glob(
        f"{pyenv}/versions/{version}.*"
    )
    for folder in sorted(installed, key=_patch_level, reverse=True):
        yield f"{folder}/bin/python{version}", "pyenv"
    if shutil.which("uv"):
        done = subprocess.run(["uv", "python", "find", version], capture_output=True, text=True)
        if done.returncode == 0 and done.stdout.strip():
            yield done.stdout.strip(), "uv"


def _patch_level(folder: str) -> tuple[int, ...]:
    digits = os.path.basename(folder).split(".")[2:3] or ["0"]
    return (int(digits[0]) if digits[0].isdigit() else -1,)


def find(version: str, override: str = "") -> tuple[Interpreter, str]:
    """The interpreter for FC's ``version`` and the one line that says which it is."""
    if override:
        have = version_of(override)
        if have is None:
            raise SystemExit(f"PYTHON={override}: does not run")
        chosen = Interpreter(override, have, "PYTHON=")
    else:
        chosen = next(
            (Interpreter(path, version, how) for path, how in candidates(version)
             if version_of(path) == version),
            None,
        )  # fmt: skip
        if chosen is None:
            fallback = Interpreter(sys.executable, version_of(sys.executable) or "?", "fallback")
            return fallback, (
                f"Python {version} (FC's) not found in PATH, pyenv or uv: falling back to "
                f"{fallback.path} ({fallback.version}); install it (pyenv install {version}, "
                f"or uv python install {version}) to test on FC's version"
            )
    line = f"Python {chosen.version}: {chosen.path} (from {chosen.found_by})"
    if chosen.version != version:
        line += f"; FC runs {version}, so tests run on another version"
    return chosen, line


def ensure_venv(python: Interpreter, lint: bool = False) -> None:
    """Make .venv with ``python`` (again, if it has another version); install requirements
    (with ``lint``, requirements-lint.txt: what ``make lint`` adds, ruff and mypy)."""
    venv_python = VENV / "bin" / "python"
    have = version_of(str(venv_python)) if venv_python.exists() else None
    if VENV.exists() and have != python.version:
        what = f"Python {have}" if have else "broken"
        print(f".venv is {what}, not {python.version}: recreating it", file=sys.stderr)
        shutil.rmtree(VENV)
    if not VENV.exists():
        subprocess.run([python.path, "-m", "venv", str(VENV)], check=True)
    files = LINT_REQUIREMENTS if lint else REQUIREMENTS
    stamp, wanted = VENV / STAMPS[files], requirements_digest(files)
    if not stamp.exists() or stamp.read_text() != wanted:
        pip = [str(venv_python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
        subprocess.run([*pip, "-r", str(ROOT / files[0])], check=True, cwd=ROOT)
        stamp.write_text(wanted)
        if lint:  # the dev requirements came with it
            (VENV / STAMPS[REQUIREMENTS]).write_text(requirements_digest(REQUIREMENTS))


def requirements_digest(files: tuple[str, ...] = REQUIREMENTS) -> str:
    """What the installed requirements were: a digest of the requirements ``files``."""
    digest = hashlib.sha256()
    for name in files:
        path = ROOT / name
        digest.update(path.read_bytes() if path.exists() else b"")
    return digest.hexdigest()


def runner() -> str:
    """The fc-lifecycle to run with: in .venv, on PATH, or installed from the template source."""
    local = VENV / "bin" / "fc-lifecycle"
    found = str(local) if local.exists() else shutil.which("fc-lifecycle")
    if found:
        return found
    spec = runner_requirement(ROOT / ".fc-lifecycle.json")
    if not spec:
        raise SystemExit(
            "make run needs fc-lifecycle (the local runner): pip install it from a clone of the "
            "fc-lifecycle repository (pip install path/to/fc-lifecycle) or its git URL, or set "
            "FC_LIFECYCLE_REQUIREMENT to a pip requirement for it"
        )
    print(f"installing fc-lifecycle (the local runner) into .venv from {spec}", file=sys.stderr)
    pip = [str(VENV / "bin" / "python"), "-m", "pip", "install", "--quiet"]
    subprocess.run([*pip, "--disable-pip-version-check", spec], check=True)
    return str(local)


def runner_requirement(answers: Path) -> str | None:
    """What to pip install as the runner: $FC_LIFECYCLE_REQUIREMENT, else ``runner_source``.

    The variable is for CI, where the template recorded may be a folder of another machine.
    """
    return os.environ.get("FC_LIFECYCLE_REQUIREMENT") or runner_source(answers)


def runner_source(answers: Path) -> str | None:
    """A pip requirement for fc-lifecycle from the template the project was made from."""
    try:
        template = json.loads(answers.read_text(encoding="utf-8"))["template"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    source, commit = str(template.get("source") or ""), str(template.get("commit") or "")
    if (Path(source) / "pyproject.toml").is_file():
        return str(Path(source).resolve())
    url = git_url(source)
    if url is None:
        return None
    return f"fc-lifecycle @ {url}" + (f"@{commit}" if commit else "")


def git_url(source: str) -> str | None:
    """``source`` as pip's ``git+`` URL, or None when it is not a git repository's address."""
    prefix, _, rest = source.partition(":")
    if prefix in HOSTS and rest:
        repo = rest[: -len(".git")] if rest.endswith(".git") else rest
        return f"git+https://{HOSTS[prefix]}/{repo}.git"
    if source.startswith("git+"):
        return source
    if source.startswith(("https://", "http://", "ssh://", "file://")):
        return f"git+{source}"
    if source.startswith("git@") and ":" in source:
        host, _, path = source[len("git@") :].partition(":")
        return f"git+ssh://git@{host}/{path}"
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--version", required=True, help="FC's Python version, X.Y")
    parser.add_argument("--python", default="", help="use this interpreter (no search)")
    parser.add_argument("command", choices=["venv", "runner", "python"])
    parser.add_argument("--lint", action="store_true", help="venv: with requirements-lint.txt")
    args = parser.parse_args(argv)
    try:
        if args.command == "runner":
            print(runner())
            return 0
        python, line = find(args.version, args.python)
        print(line, file=sys.stderr)
        if args.command == "python":
            print(python.path)
        else:
            ensure_venv(python, args.lint)
    except subprocess.CalledProcessError as error:
        print(f"failed: {' '.join(map(str, error.cmd))} (exit {error.returncode})", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
