"""Projects of this checkout's template for tests that run or change one, not its rendering.

Many tests start a project of each framework as generated (with the defaults) and change a
file or two first. Each distinct set of answers is rendered once per worker; every test gets
its own copy, which it may change.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

from fc_lifecycle.render import render

ROOT = Path(__file__).resolve().parents[2]
_RENDERED: dict[str, Path] = {}


def project_copy(answers: dict, out: Path) -> Path:
    """A project for ``answers`` in ``out`` (a new folder); return its path.

    The same files, bytes and modes as ``render(ROOT, answers, out)`` makes
    (tests/test_project_copies.py), copied from this worker's first render of those answers,
    made in the run's temporary folder without a replay file.
    """
    key = json.dumps(answers, sort_keys=True)
    if key not in _RENDERED:
        folder = Path(tempfile.mkdtemp(prefix="rendered-"))
        _RENDERED[key] = render(ROOT, answers, folder, replay=False)
    source = _RENDERED[key]
    return Path(shutil.copytree(source, Path(out) / source.name, symlinks=True))
