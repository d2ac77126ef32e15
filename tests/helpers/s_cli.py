"""The Serverless Devs CLI (``s``), for ``s preview`` of generated projects."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def s_cli() -> str | None:
    """The Serverless Devs CLI: $FC_LIFECYCLE_S_BIN, the one `make test` installs, or PATH."""
    for candidate in (os.environ.get("FC_LIFECYCLE_S_BIN"), ROOT / ".tools/node_modules/.bin/s"):
        if candidate and Path(candidate).is_file():
            return str(candidate)
    return shutil.which("s")


def s_preview(project: Path, home: Path) -> dict:
    """The one resource ``s preview`` renders from the project's s.yaml (HOME: ``home``)."""
    result = subprocess.run(
        [s_cli(), "preview", "-o", "json", "--silent"],
        cwd=project, capture_output=True, text=True, timeout=120,
        env={**os.environ, "HOME": str(home)},
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    (resource,) = json.loads(result.stdout)["resources"].values()
    return resource
