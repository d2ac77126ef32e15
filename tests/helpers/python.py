"""FC's Python versions on this machine, found as a generated project's Makefile finds them."""

from __future__ import annotations

import functools
from pathlib import Path

from helpers.modules import load_module

DEVENV = Path(__file__).resolve().parents[2] / "{{cookiecutter.__project_dir}}/scripts/devenv.py"


@functools.cache
def interpreter(version: str) -> str:
    """Return the ``pythonX.Y`` the generated scripts/devenv.py finds (PATH's, pyenv's, uv's),
    or this interpreter when the machine has none (devenv.py's fallback too)."""
    python, _ = load_module(DEVENV, "devenv").find(version)
    return python.path
