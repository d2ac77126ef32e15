"""Build FC's deploy package into build/: the code, Linux wheels for FC's Python, bytecode.

    .venv/bin/python scripts/build.py --version 3.12 [--python PATH]

build/code is what FC mounts read-only as /code: code/ (less what code/.fcignore names, with no
symbolic links: scripts/package_files.py says which are copied and which refused), the
dependencies as manylinux2014_x86_64 wheels for Python X.Y in build/code/python (s.yaml puts
/code/python on PYTHONPATH), and, when this machine has Python X.Y, bytecode compiled by it
with unchecked-hash validation: FC cannot write __pycache__ under /code, so without it every
cold start compiles every module again. build/s.yaml is a copy of s.yaml next to it, so
``cd build && s deploy`` uploads build/code.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

import package_files
from devenv import ROOT, find

OUT = ROOT / "build"
SOURCE = ROOT / "code"
PLATFORM = ["--platform", "manylinux2014_x86_64", "--implementation", "cp"]


def left_out_line(left_out: list[str], shown: int = 8) -> str:
    """One line naming what code/.fcignore kept out of the package."""
    names = ", ".join(left_out[:shown])
    more = f" and {len(left_out) - shown} more" if len(left_out) > shown else ""
    return f"left out by code/.fcignore: {names}{more}"


def install_dependencies(target: Path, version: str) -> None:
    """The requirements as wheels for FC's platform and Python, without scripts or caches."""
    requirements = SOURCE / "requirements.txt"
    lines = [line.split("#")[0].strip() for line in requirements.read_text().splitlines()]
    if not any(lines):
        return
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         "--no-compile", "--target", str(target), *PLATFORM, "--python-version", version,
         "--only-binary=:all:", "-r", str(requirements)],
        check=True,
    )  # fmt: skip
    # Console scripts whose #! names this machine's interpreter; bootstrap uses python3 -m.
    shutil.rmtree(target / "bin", ignore_errors=True)


def compile_bytecode(python: str, package: Path) -> bool:
    """Compile every module with FC's Python; file names as FC sees them (/code/...)."""
    done = subprocess.run(
        [python, "-m", "compileall", "-q", "-j", "0", "--invalidation-mode", "unchecked-hash",
         "-s", str(package), "-p", "/code", str(package)],
        capture_output=True, text=True,
    )  # fmt: skip
    errors = [line for line in done.stdout.splitlines() if line.startswith("***")]
    if errors:
        print(f"{len(errors)} files did not compile and stay sources: {errors[0]}", file=sys.stderr)
    return done.returncode in (0, 1)


def size(folder: Path) -> tuple[int, int]:
    """Bytes and files under ``folder``."""
    files = [path for path in folder.rglob("*") if path.is_file()]
    return sum(path.stat().st_size for path in files), len(files)


def build(version: str, override: str) -> int:
    """Build build/code and build/s.yaml; return the exit status."""
    python, _ = find(version, override)
    # Every path is checked before anything is written: a refusal leaves build/ as it was.
    plan = package_files.plan(SOURCE)
    package, staging = OUT / "code", OUT / ".code.partial"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        package_files.copy(plan, staging)
        install_dependencies(staging / "python", version)
        compiled = python.version == version and compile_bytecode(python.path, staging)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    # Only what this build makes: build/.s keeps the state of s deploy between builds.
    shutil.rmtree(package, ignore_errors=True)
    staging.rename(package)
    shutil.copy2(ROOT / "s.yaml", OUT / "s.yaml")
    if plan.left_out:
        print(left_out_line(plan.left_out))
    if compiled:
        note = f"bytecode by {python.path} (Python {version}, unchecked-hash)"
    else:
        note = "sources only"
        why = f"Python {version} is not on this machine"
        if python.found_by == "PYTHON=":
            why = f"PYTHON={python.path} is Python {python.version}, not {version}"
        print(
            f"warning: {why}, so the package has no bytecode and every cold start on FC "
            f"compiles every module (about 0.2-0.6 s for a framework); with Python {version} "
            "here, run make build again",
            file=sys.stderr,
        )
    total, count = size(package)
    shown = f"{total / 1e6:.1f} MB" if total >= 1e6 else f"{total / 1e3:.0f} kB"
    print(f"built build/code: {shown} in {count} files, {note}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--version", required=True, help="FC's Python version, X.Y")
    parser.add_argument("--python", default="", help="the interpreter for bytecode (no search)")
    args = parser.parse_args(argv)
    try:
        return build(args.version, args.python)
    except package_files.PackageError as error:
        print(f"make build: {error}", file=sys.stderr)
        return 2
    except subprocess.CalledProcessError as error:
        print(f"failed: {' '.join(map(str, error.cmd))} (exit {error.returncode})", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
