"""FC's Python versions on this machine: PATH's ``pythonX.Y``, then pyenv's."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys

PYENV_ROOT = os.environ.get("PYENV_ROOT", os.path.expanduser("~/.pyenv"))


def interpreter(version: str) -> str:
    """Return a working ``pythonX.Y``, or this interpreter when the machine has none."""
    candidates = [shutil.which(f"python{version}") or ""]
    candidates += sorted(glob.glob(f"{PYENV_ROOT}/versions/{version}.*/bin/python{version}"))
    for candidate in filter(None, candidates):
        probe = subprocess.run([candidate, "-c", ""], capture_output=True)
        if probe.returncode == 0:
            return candidate
    return sys.executable
