"""This repository's wheel, built as a release would be, offline."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from helpers.venvs import UV


def build_wheel(source: Path, out: Path) -> Path:
    """Build the wheel of the checkout at ``source`` into ``out``; return its path.

    With uv and this environment's hatchling (the build backend pyproject.toml names, a dev
    dependency): no isolated build environment, so nothing is downloaded, and a build costs
    a fraction of ``pip wheel``'s.
    """
    assert UV, "uv is not installed: make reinstalls .venv with it (pyproject.toml's dev extra)"
    subprocess.run(
        [UV, "build", "--quiet", "--wheel", "--no-build-isolation", "--python", sys.executable,
         "--out-dir", str(out), str(source)], check=True, capture_output=True,
    )  # fmt: skip
    (wheel,) = out.glob("*.whl")
    return wheel
