"""Function type and served hooks come from facts (answers, triggers, definitions), never from
strings in the code: a route returning the word "invoke" changes nothing."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import ROOT
from fc_lifecycle.localrun import config
from fc_lifecycle.project_facts import function_type, served_hooks
from fc_lifecycle.render import render
from fc_lifecycle.validate import validate

HTTP = {"triggers": [{"triggerName": "t", "triggerType": "http"}]}
TIMER = {"triggers": [{"triggerName": "t", "triggerType": "timer"}]}
# Words that once made validate and run take an HTTP function for an event function, or
# count hooks the code does not define.
MISLEADING_ROUTE = '''

def last_action(request: Request) -> tuple[int, Any]:
    """Mentions POST /initialize and /pre-stop."""
    return 200, {"last_action": "invoke", "next": "/initialize", "then": "pre-stop"}


ROUTES.append(("GET", "/last", last_action))
'''


def code_dir(tmp_path: Path, lifecycle: str | None) -> Path:
    code = tmp_path / "code"
    (code / "fc_support").mkdir(parents=True)
    if lifecycle is not None:
        (code / "lifecycle.py").write_text(lifecycle)
    return code


@pytest.mark.parametrize(
    ("lifecycle", "served"),
    [
        ("def initialize(state, context): ...\ndef pre_stop(state, context): ...\n",
         {"/initialize", "/pre-stop"}),
        ("async def initialize(state, context): ...\n", {"/initialize"}),
        ("async def pre_stop(state, context): ...\n", {"/pre-stop"}),
        ('"""initialize, pre_stop"""\nNAMES = ["initialize", "/pre-stop"]\n', set()),
        ("class Hooks:\n    def initialize(self): ...\n", set()),
        ("def initialize(:\n", set()),
        (None, set()),
    ],
    ids=["def", "async-init", "async-stop", "strings", "method", "syntax-error", "no-file"],
)  # fmt: skip
def test_served_hooks_are_the_defined_functions(tmp_path, lifecycle, served):
    assert served_hooks(code_dir(tmp_path, lifecycle)) == served


def test_code_without_fc_support_serves_unknown_hooks(tmp_path):
    (tmp_path / "lifecycle.py").write_text("def initialize(s, c): ...\n")
    assert served_hooks(tmp_path) is None


@pytest.mark.parametrize(
    ("answers", "props", "kind"),
    [
        ({"function_type": "event"}, HTTP, "event"),
        ({"function_type": "http"}, TIMER, "http"),
        ({}, TIMER, "http"),  # an answers file from before event functions: all were HTTP
        (None, HTTP, "http"),
        (None, TIMER, "event"),
        (None, {}, "http"),  # no trigger, no answers: either; the web function is the default
        ("not json", TIMER, "event"),
        ({"function_type": "gopher"}, TIMER, "event"),
    ],
)
def test_function_type_from_answers_then_triggers(tmp_path, answers, props, kind):
    if isinstance(answers, dict):
        (tmp_path / ".fc-lifecycle.json").write_text(json.dumps({"answers": answers}))
    elif answers is not None:
        (tmp_path / ".fc-lifecycle.json").write_text(answers)
    assert function_type(tmp_path, props) == kind


@pytest.fixture(scope="module")
def misleading(tmp_path_factory) -> Path:
    """A stdlib HTTP function with a route that says "invoke", "/initialize", "pre-stop"."""
    project = render(ROOT, {"framework": "none"}, tmp_path_factory.mktemp("facts"))
    with (project / "code" / "routes.py").open("a") as routes:
        routes.write(MISLEADING_ROUTE)
    return project


def test_a_route_saying_invoke_keeps_validate_clean_and_run_http(misleading):
    assert [str(p) for p in validate(misleading)] == []
    assert config.load(misleading).event is False


def test_hooks_are_read_from_definitions_not_route_strings(misleading, tmp_path):
    project = Path(shutil.copytree(misleading, tmp_path / "p"))
    (project / "code" / "lifecycle.py").unlink()
    problems = {p.path.rsplit(".", 1)[-1]: p.message for p in validate(project)}
    assert "serves POST /initialize" in problems["initializer"]
    assert "serves GET /pre-stop" in problems["preStop"]
