"""Hatch build hook: pack the template's git history into the wheel (see fc_lifecycle/history.py).

A wheel built from a git clone carries every earlier template version and a
``cookiecutter.json`` stamped with ``"_commit"`` (the version it carries), so projects it
generates can later be updated with a real three-way merge, offline. An sdist carries the
packed history at its top, for the wheel built from it. Build from a full clone: a shallow
one has only the versions it holds.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


def _generator_modules(root: Path):
    """``git`` and ``history`` from the source tree: fc-lifecycle is not installed while its
    wheel is built."""
    sys.path.insert(0, str(root / "generator"))
    try:
        from fc_lifecycle import git, history
    finally:
        sys.path.remove(str(root / "generator"))
    return git, history


class TemplateHistoryHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict) -> None:
        if version == "editable":
            return  # development: the checkout's own git history serves instead
        root = Path(self.root)
        git, history = _generator_modules(root)
        self._tmp = Path(tempfile.mkdtemp(prefix="fc-history-"))
        archive = self._tmp / history.NAME
        if git.is_top(root):
            head = history.pack(root, archive)
        elif (root / history.NAME).is_file():  # a wheel built from the sdist
            shutil.copy(root / history.NAME, archive)
            head = json.loads(zipfile.ZipFile(archive).read("index.json"))["head"]
        else:
            self.app.display_warning("no git history: the wheel carries no earlier templates")
            return
        include = build_data["force_include"]
        if self.target_name == "sdist":
            include[str(archive)] = history.NAME
            return
        include[str(archive)] = f"fc_lifecycle/{history.NAME}"
        spec = (root / "cookiecutter.json").read_text(encoding="utf-8")
        spec = history.stamped(spec, head) if head else spec
        (self._tmp / "cookiecutter.json").write_text(spec, encoding="utf-8")
        include[str(self._tmp / "cookiecutter.json")] = "fc_lifecycle/template/cookiecutter.json"

    def finalize(self, version: str, build_data: dict, artifact_path: str) -> None:
        if getattr(self, "_tmp", None):
            shutil.rmtree(self._tmp, ignore_errors=True)
