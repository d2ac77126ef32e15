"""``ci=github``: the GitHub Actions workflows of every framework x function type.

Each project is rendered once for the module and its workflows checked the ways GitHub and
a reviewer would: GitHub's workflow schema (check-jsonschema), a static security audit
(zizmor, offline), and the steps against the checks this repository's tests run on every
generated project (``ci_steps``).
"""

from __future__ import annotations

import itertools
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from ci_steps import INSTALL_S, checks
from conftest import FRAMEWORKS, PYTHONS, ROOT, SPEC
from fc_lifecycle.cli import main
from fc_lifecycle.render import render

# One worker renders the projects once (make test passes --dist loadgroup).
pytestmark = pytest.mark.xdist_group("ci_workflow")
BIN = Path(sys.executable).parent
WORKFLOWS = ("ci.yml", "deploy.yml")
SECRETS = (
    "ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALIBABA_CLOUD_ACCOUNT_ID",
)  # fmt: skip
PINNED = re.compile(r"^\s*- uses: ([\w.-]+/[\w.-]+)@([0-9a-f]{40}) # v\d+\.\d+\.\d+$")
# Every framework with every function type, the Python versions taking turns.
KINDS = [
    (framework, kind, PYTHONS[i % len(PYTHONS)])
    for i, (framework, kind) in enumerate(itertools.product(FRAMEWORKS, SPEC["function_type"]))
]


def tool(name: str) -> str | None:
    """A command-line tool of the dev extra, beside this interpreter or on PATH."""
    found = BIN / name
    return str(found) if found.is_file() else shutil.which(name)


@pytest.fixture(scope="module")
def projects(tmp_path_factory) -> dict[tuple[str, str, str], Path]:
    """One project per framework x function type, with ``ci=github``."""
    made = {}
    for framework, kind, python in KINDS:
        answers = {"framework": framework, "function_type": kind, "python_version": python}
        out = tmp_path_factory.mktemp(f"{framework}-{kind}")
        made[framework, kind, python] = render(ROOT, {**answers, "ci": "github"}, out)
    return made


def workflow(project: Path, name: str) -> dict:
    """A workflow as GitHub reads it (YAML 1.1 reads the key ``on`` as true)."""
    data = yaml.safe_load((project / ".github" / "workflows" / name).read_text())
    data["on"] = data.pop(True)
    return data


def workflow_files(projects: dict) -> list[str]:
    folders = [project / ".github" / "workflows" for project in projects.values()]
    return [str(folder / name) for folder in folders for name in WORKFLOWS]


@pytest.mark.skipif(tool("check-jsonschema") is None, reason="check-jsonschema not installed")
def test_workflows_pass_githubs_workflow_schema(projects):
    command = [tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows"]
    result = subprocess.run([*command, *workflow_files(projects)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.skipif(tool("zizmor") is None, reason="zizmor not installed")
def test_zizmor_finds_nothing(projects):
    folders = [str(p / ".github" / "workflows") for p in projects.values()]
    result = subprocess.run(
        [tool("zizmor"), "--offline", "--no-progress", *folders], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout + result.stderr


@pytest.mark.parametrize("name", WORKFLOWS)
def test_check_job_runs_the_checks_the_tests_run_in_order(projects, name):
    for (_, _, python), project in projects.items():
        steps = workflow(project, name)["jobs"]["check"]["steps"]
        runs = [step["run"] for step in steps if "run" in step]
        assert runs == [INSTALL_S, *checks(python)]


def setup_python(job: dict) -> dict:
    (step,) = [s for s in job["steps"] if s.get("uses", "").startswith("actions/setup-python@")]
    return step["with"]


def test_every_job_uses_the_functions_python(projects):
    for (_, _, python), project in projects.items():
        for name in WORKFLOWS:
            for job in workflow(project, name)["jobs"].values():
                assert setup_python(job)["python-version"] == python


def test_checks_cache_pip_keyed_on_the_requirements_files_but_never_before_a_deploy(projects):
    for project in projects.values():
        cached = setup_python(workflow(project, "ci.yml")["jobs"]["check"])
        assert cached["cache"] == "pip"
        keyed = cached["cache-dependency-path"].split()
        assert keyed == ["requirements-lint.txt", "requirements-dev.txt", "code/requirements.txt"]
        assert all((project / path).is_file() for path in keyed)
        for job in workflow(project, "deploy.yml")["jobs"].values():
            assert "cache" not in setup_python(job)


def test_triggers(projects):
    for project in projects.values():
        assert workflow(project, "ci.yml")["on"] == {
            "push": {"branches": ["**"]}, "pull_request": None,
        }  # fmt: skip
        assert workflow(project, "deploy.yml")["on"] == {
            "push": {"tags": ["v*"]}, "workflow_dispatch": None,
        }  # fmt: skip


def test_permissions_are_read_only(projects):
    for project in projects.values():
        for name in WORKFLOWS:
            data = workflow(project, name)
            assert data["permissions"] == {}
            assert [job["permissions"] for job in data["jobs"].values()] == [
                {"contents": "read"}
            ] * len(data["jobs"])


def test_deploy_runs_after_the_checks_in_an_environment_one_at_a_time(projects):
    for project in projects.values():
        answers = json.loads((project / ".fc-lifecycle.json").read_text())["answers"]
        deploy = workflow(project, "deploy.yml")["jobs"]["deploy"]
        assert deploy["needs"] == "check"
        assert deploy["environment"] == "production"
        assert deploy["concurrency"] == {
            "group": f"fc-deploy-{answers['region']}-{answers['function_name']}",
            "cancel-in-progress": False,
        }
        assert deploy["steps"][-1]["run"] == "make deploy"


def test_secrets_reach_only_the_configure_step_by_environment(projects):
    for project in projects.values():
        for name in WORKFLOWS:
            for job_name, job in workflow(project, name)["jobs"].items():
                for step in job["steps"]:
                    assert "secrets." not in step.get("run", "")
                    assert "echo $" not in step.get("run", "")
                    env = step.get("env", {})
                    with_secrets = {k for k, v in env.items() if "secrets." in str(v)}
                    if with_secrets:
                        assert (name, job_name) == ("deploy.yml", "deploy")
                        assert with_secrets == set(SECRETS)
                        assert env == {key: f"${{{{ secrets.{key} }}}}" for key in SECRETS}
                        assert step["run"].rstrip().endswith(">/dev/null")


def test_actions_are_pinned_to_a_commit_with_its_version(projects):
    project = next(iter(projects.values()))
    for name in WORKFLOWS:
        lines = (project / ".github" / "workflows" / name).read_text().splitlines()
        uses = [line for line in lines if "uses:" in line]
        assert uses and all(PINNED.match(line) for line in uses), uses


def test_the_s_cli_is_locked_to_one_version_and_hash(projects):
    folder = next(iter(projects.values())) / ".github" / "serverless-devs"
    wanted = json.loads((folder / "package.json").read_text())["dependencies"]
    lock = json.loads((folder / "package-lock.json").read_text())["packages"]
    assert lock[""]["dependencies"] == wanted
    ((name, version),) = wanted.items()
    locked = lock[f"node_modules/{name}"]
    assert locked["version"] == version and locked["integrity"].startswith("sha512-")


def test_readme_documents_secrets_release_and_what_runs_where(projects):
    for project in projects.values():
        readme = (project / "README.md").read_text()
        assert "## CI/CD (GitHub Actions)" in readme
        assert all(secret in readme for secret in SECRETS)
        assert "git tag v1.2.0 && git push origin v1.2.0" in readme
        assert "| `ci.yml` | every push and pull request |" in readme


def test_the_default_project_has_no_ci(make_project):
    project = make_project()
    assert not (project / ".github").exists()
    assert "CI/CD" not in (project / "README.md").read_text()
    assert json.loads((project / ".fc-lifecycle.json").read_text())["answers"]["ci"] == "none"


def test_new_ci_github(tmp_path, capsys):
    assert main(["new", "--no-input", "-q", "-o", str(tmp_path), "--ci", "github"]) == 0
    (project,) = tmp_path.iterdir()
    assert sorted(p.name for p in (project / ".github" / "workflows").iterdir()) == list(WORKFLOWS)


def test_plain_cookiecutter_ci_github(tmp_path):
    result = subprocess.run(
        [str(BIN / "cookiecutter"), str(ROOT), "--no-input", "-o", str(tmp_path), "ci=github"],
        capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    (project,) = tmp_path.iterdir()
    assert (project / ".github" / "workflows" / "deploy.yml").is_file()
    recorded = json.loads((project / ".fc-lifecycle.json").read_text())["answers"]
    assert recorded["ci"] == "github"
