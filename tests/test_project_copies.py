"""The tests' copies of rendered projects (helpers/projects.py) are what a render writes."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT
from fc_lifecycle.render import render
from helpers.projects import project_copy
from helpers.update_repo import tree


def modes(project: Path) -> dict[str, int]:
    return {p.relative_to(project).as_posix(): p.stat().st_mode for p in project.rglob("*")}


@pytest.mark.parametrize("answers", [{"framework": "flask"}, {"function_type": "event"}])
def test_a_copy_has_the_files_bytes_and_modes_of_a_render(tmp_path, answers):
    rendered = render(ROOT, answers, tmp_path / "rendered", replay=False)
    first, second = (project_copy(answers, tmp_path / name) for name in ("one", "two"))
    assert tree(first) == tree(rendered) == tree(second)
    assert modes(first) == modes(rendered) == modes(second)
    (first / "s.yaml").write_text("changed")  # each test's copy is its own
    assert tree(project_copy(answers, tmp_path / "three")) == tree(rendered)
