"""``fc_lifecycle.git``: the one module of the generator that runs git."""

from __future__ import annotations

import re
import subprocess
import sys

from conftest import ROOT
from fc_lifecycle import git


def test_changes_and_clone(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    git.read(repo, "init", "-q")
    (repo / "a.txt").write_text("a\n")
    assert "a.txt" in git.changes(repo)
    git.read(repo, "add", "-A")
    git.read(repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "a")
    assert git.changes(repo) == "" and git.changes(repo, "a.txt") == ""
    assert git.clone(repo.as_uri(), tmp_path / "copy") is None
    assert git.commit_of(tmp_path / "copy", "HEAD") == git.commit_of(repo, "HEAD")
    reason = git.clone((tmp_path / "nowhere").as_uri(), tmp_path / "none")
    assert reason and "\n" not in reason and not (tmp_path / "none").exists()


def test_output_is_none_when_git_fails(tmp_path):
    assert git.output(tmp_path, "rev-parse", "HEAD") is None
    assert git.output(tmp_path / "missing", "status") is None


def test_only_this_module_runs_git():
    """hatch_build.py and the generator go through ``fc_lifecycle.git``; the template's
    post-generation hook keeps its own copy (it runs without fc-lifecycle installed)."""
    starts_git = re.compile(r"""\[\s*["']git["']""")
    sources = [ROOT / "hatch_build.py", *(ROOT / "generator").rglob("*.py")]
    found = [p.relative_to(ROOT).as_posix() for p in sources if starts_git.search(p.read_text())]
    assert found == ["generator/fc_lifecycle/git.py"]
    assert "fc-lifecycle is not installed" in (ROOT / "hooks" / "post_gen_project.py").read_text()


def test_hatch_build_reads_the_history_module_from_the_tree():
    """The wheel build imports ``git`` and ``history`` from the source tree (not installed)."""
    code = (
        "import sys, types; from pathlib import Path\n"
        "sys.modules['hatchling.builders.hooks.plugin.interface'] = types.SimpleNamespace("
        "BuildHookInterface=object)\n"
        "import hatch_build\n"
        f"git, history = hatch_build._generator_modules(Path({str(ROOT)!r}))\n"
        "assert history.git is git and callable(history.pack)\n"
        f"assert git.is_top(Path({str(ROOT)!r}))\n"
    )
    # -S: no site-packages, so no installed fc_lifecycle (nor hatchling, stubbed above)
    command = [sys.executable, "-S", "-c", code]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
