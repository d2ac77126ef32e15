"""Import a Python file by its path: the template's scripts and hooks, the benchmarks'
modules, none of which is a package the tests can import by name."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType


def load_module(path: Path, name: str) -> ModuleType:
    """Run ``path`` as the module ``name``. It is in ``sys.modules`` while it runs (a
    dataclass looks its module up there), then whatever was there before is put back."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader, path
    module = importlib.util.module_from_spec(spec)
    before = sys.modules.get(name)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    finally:
        if before is None:
            del sys.modules[name]
        else:
            sys.modules[name] = before
    return module
