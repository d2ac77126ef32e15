"""``update --set ci=...``: the workflows come and go with the answer; no user edit is lost."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers.update_repo import append, commit_all, generate, update

# The template repository (tagged v1) and git isolated from the user's, as for every update.
# slow: whole updates, three renders each (make test-quick keeps update's pilots).
pytestmark = [pytest.mark.usefixtures("isolated_git"), pytest.mark.slow]

CI_FILES = {
    ".github/workflows/ci.yml",
    ".github/workflows/deploy.yml",
    ".github/serverless-devs/package.json",
    ".github/serverless-devs/package-lock.json",
}


def ci_files(project: Path) -> set[str]:
    return {p.relative_to(project).as_posix() for p in project.glob(".github/**/*") if p.is_file()}


def recorded_ci(project: Path) -> str:
    return json.loads((project / ".fc-lifecycle.json").read_text())["answers"]["ci"]


def test_ci_on_then_off_keeps_user_edits_and_leaves_no_folder(template, tmp_path):
    project = generate(template, tmp_path / "p")
    append(project / "README.md", "\nMy notes.\n")
    commit_all(project)

    assert update(project, template, "--set", "ci=github") == 0
    assert ci_files(project) == CI_FILES
    readme = (project / "README.md").read_text()
    assert "## CI/CD (GitHub Actions)" in readme and "My notes." in readme
    assert recorded_ci(project) == "github"
    commit_all(project)

    assert update(project, template, "--ci", "none") == 0
    assert not (project / ".github").exists()
    readme = (project / "README.md").read_text()
    assert "## CI/CD" not in readme and "My notes." in readme
    assert recorded_ci(project) == "none"


def test_ci_off_keeps_a_workflow_the_user_edited(template, tmp_path):
    project = generate(template, tmp_path / "p", ci="github")
    deploy = project / ".github" / "workflows" / "deploy.yml"
    append(deploy, "# my deploy notes\n")
    commit_all(project)

    assert update(project, template, "--set", "ci=none") == 0
    assert ci_files(project) == {".github/workflows/deploy.yml"}
    assert deploy.read_text().endswith("# my deploy notes\n")
    assert recorded_ci(project) == "none"
