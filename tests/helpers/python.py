"""FC's Python versions on this machine: PATH's ``pythonX.Y``, then pyenv's."""

from __future__ import annotations

import functools
import glob
import os
import shutil
import subprocess
import sys

PYENV_ROOT = os.environ.get("PYENV_ROOT", os.path.expanduser("~/.pyenv"))


@functools.cache
def interpreter(version: str) -> str:
    """Return a working ``pythonX.Y``, or this interpreter when the machine has none.

    pyenv's shims are passed over for its installed versions, as the generated devenv.py does:
    a shim costs 0.2 s a start, and fails when pyenv's settings select another version."""
    on_path = shutil.which(f"python{version}") or ""
    candidates = [] if os.path.dirname(on_path) == f"{PYENV_ROOT}/shims" else [on_path]
    candidates += sorted(glob.glob(f"{PYENV_ROOT}/versions/{version}.*/bin/python{version}"))
    for candidate in filter(None, candidates):
        probe = subprocess.run([candidate, "-c", ""], capture_output=True)
        if probe.returncode == 0:
            return candidate
    return sys.executable
