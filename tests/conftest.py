"""Fixtures for the repository's tests: isolation, the template, and rendering helpers."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from fc_lifecycle.render import render

ROOT = Path(__file__).resolve().parents[1]
SPEC = json.loads((ROOT / "cookiecutter.json").read_text(encoding="utf-8"))
FRAMEWORKS = SPEC["framework"]
PYTHONS = SPEC["python_version"]
HOOK_SUBSETS = [
    {"initializer": init, "pre_stop": stop}
    for init, stop in itertools.product([True, False], repeat=2)
]


def hooks_id(hooks: dict) -> str:
    """A readable test id for a hook subset, e.g. ``init+prestop`` or ``nohooks``."""
    names = [name for key, name in (("initializer", "init"), ("pre_stop", "prestop")) if hooks[key]]
    return "+".join(names) or "nohooks"


def combinations() -> list:
    """Every framework x Python x hook subset, with readable ids."""
    return [
        pytest.param((fw, py, hooks), id=f"{fw}-py{py}-{hooks_id(hooks)}")
        for fw, py, hooks in itertools.product(FRAMEWORKS, PYTHONS, HOOK_SUBSETS)
    ]


@pytest.fixture(scope="session", autouse=True)
def isolated_home(tmp_path_factory):
    """Give the tests their own HOME and git identity, and no user or system git config."""
    home = tmp_path_factory.mktemp("home")
    gitconfig = home / ".gitconfig"
    gitconfig.write_text("[user]\n\tname = Test\n\temail = test@example.com\n")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HOME", str(home))
        patch.setenv("GIT_CONFIG_GLOBAL", str(gitconfig))
        patch.setenv("GIT_CONFIG_NOSYSTEM", "1")
        yield home


@pytest.fixture
def template_dir() -> Path:
    """The template in this checkout."""
    return ROOT


@pytest.fixture
def make_project(tmp_path, template_dir):
    """Render a project with the given answers into a fresh folder; return its path."""

    def _make(**answers) -> Path:
        out = tmp_path / f"out{len(list(tmp_path.iterdir()))}"
        return render(template_dir, answers, out)

    return _make
