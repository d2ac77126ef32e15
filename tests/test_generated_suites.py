"""Each framework x hook subset: the generated project's own lint and tests pass.

Every framework runs once on every supported Python (the hook subsets rotate through the
versions: a Latin square, so every framework x Python, framework x hooks and Python x
hooks pair is in it, in 16 suites). The project's Makefile picks the interpreter by itself,
as for a user: that version's when this machine has one, else python3 with a line saying so.

The venv is what a suite spent most of its time on, and it depends on the interpreter and
the requirements files only (``helpers/venvs.py``): the run makes one per set with uv and
links each project's ``.venv`` to it (the event suites share their framework and Python
with an HTTP suite, and the same xdist group, so that one never waits for the other
worker). The project's own Makefile then runs ``make lint test`` as it is; its own way of
making the venv (``python -m venv``, pip) is tested by test_toolchain.py and
test_ci_steps_run.py.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from ci_steps import SUITE_TARGETS
from conftest import FRAMEWORKS, HOOK_SUBSETS, PYTHONS, ROOT, hooks_id
from fc_lifecycle.render import render
from helpers.python import interpreter
from helpers.shared import shared_folder
from helpers.venvs import link_shared_venv

pytestmark = [pytest.mark.slow, pytest.mark.e2e]
SUITES = [
    pytest.param(fw, hooks, PYTHONS[(i + j) % len(PYTHONS)], id=f"{fw}-{hooks_id(hooks)}")
    for i, fw in enumerate(FRAMEWORKS)
    for j, hooks in enumerate(HOOK_SUBSETS)
]
# Event functions: one representative suite per framework with its own event glue, each
# with another trigger (``event:<trigger>:<framework>``). The stdlib server's event suite
# runs in tests/test_event_functions.py's journey (as do all four, on this interpreter).
SUITES += [
    pytest.param("event:timer:flask", HOOK_SUBSETS[0], PYTHONS[0], id="event-timer-flask"),
    pytest.param("event:oss:fastapi", HOOK_SUBSETS[1], PYTHONS[1], id="event-oss-fastapi"),
    pytest.param("event:none:django", HOOK_SUBSETS[3], PYTHONS[2], id="event-none-django"),
]
INTERPRETERS = {version: interpreter(version) for version in PYTHONS}
# A suite and the one that shares its venv go to the same worker, one after the other.
SUITES = [
    pytest.param(*suite.values, id=suite.id, marks=pytest.mark.xdist_group(
        f"suite-venv-{suite.values[0].rsplit(':', 1)[-1]}-{suite.values[2]}"
    ))
    for suite in SUITES
]  # fmt: skip


@pytest.fixture(scope="session")
def uv_cache(tmp_path_factory):
    """One uv cache for every venv of the run, every worker's."""
    return os.environ.get("UV_CACHE_DIR") or str(shared_folder(tmp_path_factory, "uv-cache"))


@pytest.fixture(scope="session")
def venvs(tmp_path_factory):
    """Where the run's venvs are recorded, one per requirements set, for every worker."""
    return shared_folder(tmp_path_factory, "shared-venvs")


@pytest.mark.parametrize(("framework", "hooks", "python"), SUITES)
def test_generated_project_tests_pass(tmp_path, uv_cache, venvs, framework, hooks, python):
    # Python 3.11's suites are Chinese projects (as in the matrix): the language changes only
    # text, and 3.11 takes one hook subset of each framework and the FastAPI event function.
    language = "zh" if python == PYTHONS[1] else "en"
    answers = {"framework": framework, "python_version": python, "language": language, **hooks}
    if framework.startswith("event:"):
        _, trigger, framework = framework.split(":")
        answers |= {"framework": framework, "function_type": "event", "trigger": trigger}
    project = render(ROOT, answers, tmp_path)
    env = {**os.environ, "UV_CACHE_DIR": uv_cache, "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    env.pop("PYTHON", None)
    link_shared_venv(project, INTERPRETERS[python], venvs, env)
    # The CI workflow's first checks (make lint test), so a green suite is a green pipeline.
    result = subprocess.run(
        ["make", *SUITE_TARGETS], cwd=project, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    assert " passed" in result.stdout
    if INTERPRETERS[python] != sys.executable:
        assert f"Python {python}: " in result.stderr
    else:
        assert f"Python {python} (FC's) not found" in result.stderr
