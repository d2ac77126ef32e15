"""Each framework x hook subset: the generated project's own lint and tests pass.

Every framework runs once on every supported Python (the hook subsets rotate through the
versions: a Latin square, so every framework x Python, framework x hooks and Python x
hooks pair is in it, in 16 suites). The project's Makefile picks the interpreter by itself,
as for a user: that version's when this machine has one, else python3 with a line saying so.

The venv is what a suite spent most of its time on, and it depends on the interpreter and
the requirements files only (``helpers/venvs.py``): the run makes one per set with uv and
links each project's ``.venv`` to it (the event suites share their framework and Python
with an HTTP suite). A Python's suites run on one worker, one after the other, and share
that worker's mypy cache for it (``suites_mypy_cache``): mypy's first run in a project was the
other large cost. The project's own Makefile then runs ``make lint test`` as it is; its
own way of making the venv (``python -m venv``, pip) is tested by test_toolchain.py and
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
# A Python's suites go to one worker, one after the other: a suite and the one that shares
# its venv never wait for each other, and they share that worker's mypy cache for the
# Python (``suites_mypy_cache``).
SUITES = [
    pytest.param(*suite.values, id=suite.id, marks=pytest.mark.xdist_group(
        f"suites-python-{suite.values[2]}"
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


def suites_mypy_cache(tmp_path_factory, framework: str, python: str) -> str:
    """This worker's mypy cache for the suites on ``python`` (Django's apart: its mypy
    plugin is an option every cached module depends on).

    mypy checks a module again when its text or options differ, wherever its file is: a
    suite checks its own code and finds the standard library's and the shared packages'
    analyses in the cache, instead of making them again (a FastAPI project after a Flask
    one on the same Python: 3 s, not 7). One per worker: one mypy writes a cache at a time.
    """
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    kind = "django" if framework.endswith("django") else "plain"
    return str(shared_folder(tmp_path_factory, "suite-mypy", f"{python}-{kind}", worker))


@pytest.mark.parametrize(("framework", "hooks", "python"), SUITES)
def test_generated_project_tests_pass(
    tmp_path, tmp_path_factory, uv_cache, venvs, framework, hooks, python
):
    # Python 3.11's suites are Chinese projects (as in the matrix): the language changes only
    # text, and 3.11 takes one hook subset of each framework and the FastAPI event function.
    language = "zh" if python == PYTHONS[1] else "en"
    answers = {"framework": framework, "python_version": python, "language": language, **hooks}
    if framework.startswith("event:"):
        _, trigger, framework = framework.split(":")
        answers |= {"framework": framework, "function_type": "event", "trigger": trigger}
    project = render(ROOT, answers, tmp_path)
    env = {**os.environ, "UV_CACHE_DIR": uv_cache, "PIP_DISABLE_PIP_VERSION_CHECK": "1",
           "MYPY_CACHE_DIR": suites_mypy_cache(tmp_path_factory, framework, python)}  # fmt: skip
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
