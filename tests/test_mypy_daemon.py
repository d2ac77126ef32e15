"""The matrix's mypy daemon (``helpers/shared.py``) finds what mypy run afresh finds, project
after project in one folder, and stops when the run ends."""

from __future__ import annotations

import json
import time
from pathlib import Path

import psutil
import pytest
from helpers.shared import mypy_daemon, stop_mypy_daemons

pytestmark = pytest.mark.slow  # a mypy daemon

SETTINGS = '[tool.mypy]\nfiles = ["code"]\nmypy_path = ["code"]\nexplicit_package_bases = true\n'


def project(folder: Path, files: dict[str, str]) -> Path:
    for name, text in {"pyproject.toml": SETTINGS, **files}.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)
    return folder


def test_each_project_is_checked_as_a_whole_and_the_daemon_stops(tmp_path):
    cache = tmp_path / "template-matrix" / "mypy-caches" / "demo"
    cache.mkdir(parents=True)
    clean = {"code/lib.py": "def size() -> int:\n    return 1\n",
             "code/app.py": "from lib import size\n\nTOTAL: int = size()\n"}  # fmt: skip
    # The same app.py, broken by a change to what it imports, then a module that is gone.
    changed = {**clean, "code/lib.py": "def size() -> str:\n    return 'one'\n"}
    gone = {"code/app.py": clean["code/app.py"]}
    runs = [
        mypy_daemon(cache, project(tmp_path / name, files))
        for name, files in (("a", clean), ("b", changed), ("c", gone), ("d", clean))
    ]
    assert [run.returncode for run in runs] == [0, 1, 1, 0], [r.stdout for r in runs]
    assert 'Incompatible types in assignment (expression has type "str"' in runs[1].stdout
    assert 'Cannot find implementation or library stub for module named "lib"' in runs[2].stdout
    status = json.loads((cache.with_name("demo-daemon") / "status.json").read_text())
    stop_mypy_daemons(tmp_path)
    deadline = time.monotonic() + 10
    while running(status["pid"]) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not running(status["pid"])


def running(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False
