"""Event functions (issue 17): the questions, the generated function, s.yaml and validate,
``fc-lifecycle run --invoke``/``--listen``, and the done-when journey."""

from __future__ import annotations

import argparse
import json
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import yaml
from conftest import PROJECT_PYTEST, ROOT, SPEC
from fc_lifecycle.cli import main
from fc_lifecycle.new import generate
from fc_lifecycle.render import render
from fc_lifecycle.validate import validate
from helpers.s_cli import s_cli, s_preview
from helpers.wizard import CLEAR, DOWN, ENTER, UP, keys_by_name

from fc_template import facts, rules

TIMER = {"function_type": "event", "trigger": "timer", "timer_cron": "0 */5 * * * *"}
MARKERS = ("Initialize", "Invoke", "PreStop")


def answers_of(project: Path) -> dict:
    return json.loads((project / ".fc-lifecycle.json").read_text())["answers"]


def fc_run(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "fc_lifecycle", "run", str(project), *args],
        capture_output=True, text=True, timeout=90,
    )  # fmt: skip


def assert_whole_lifecycle(stderr: str) -> None:
    for event in MARKERS:
        assert stderr.count(f"instance | FC {event} Start RequestId: ") == 1, stderr
        assert stderr.count(f"instance | FC {event} End RequestId: ") == 1, stderr
    assert "instance stopped (exit status 0)" in stderr or "clean stop" in stderr, stderr
    assert "killed" not in stderr


def new_timer_project(out: Path, *flags: str) -> Path:
    """The done-when project, made as the user makes it (``new --no-input``)."""
    argv = ["new", "--no-input", "-q", "-o", str(out), "--function-type", "event"]
    assert main([*argv, "--trigger", "timer", *flags]) == 0
    (project,) = out.iterdir()
    return project


@pytest.fixture(scope="module")
def timer_project(tmp_path_factory) -> Path:
    """The done-when project with the default framework (the stdlib server)."""
    return new_timer_project(tmp_path_factory.mktemp("journey"))


@pytest.fixture(scope="module", params=["default", "flask", "fastapi", "django"])
def journey(request, tmp_path_factory) -> Path:
    """The done-when project on each framework (``default``: no ``--framework``: none)."""
    flags = [] if request.param == "default" else ["--framework", request.param]
    project = new_timer_project(tmp_path_factory.mktemp(f"journey-{request.param}"), *flags)
    framework = "none" if request.param == "default" else request.param
    assert answers_of(project)["framework"] == framework
    return project


# The questions --------------------------------------------------------------------------


def test_the_timer_cron_rule_is_the_one_validate_uses():
    assert SPEC["_rules"]["timer_cron"]["pattern"] == facts.TIMER_CRON
    assert SPEC["_rules"]["timer_cron"]["rule"] == facts.TIMER_CRON_RULE


@pytest.mark.parametrize(
    "cron", ["0 0 4 * * *", "0 */5 * * * *", "0 0 2 ? * MON-FRI", "30 15 10 1,15 JAN-JUN ?",
             "@every 5m", " 0 0 4 * * * "],
)  # fmt: skip
def test_fc_crons_are_accepted(cron):
    assert rules.check("timer_cron", cron, SPEC) == cron


def test_an_event_function_keeps_the_chosen_framework():
    checked = rules.check_all({**TIMER, "framework": "django"}, SPEC)
    assert checked["framework"] == "django"


@pytest.mark.parametrize(
    ("given", "framework"),
    [({"function_type": "event"}, "none"), ({"function_type": "http"}, "flask"), ({}, "flask"),
     ({"function_type": "event", "framework": "fastapi"}, "fastapi")],
)  # fmt: skip
def test_the_default_framework_of_an_event_function_is_none(given, framework):
    from fc_lifecycle.options import Questions

    assert Questions(SPEC).completed(given)["framework"] == framework


def test_follow_ups_of_another_trigger_are_not_checked():
    answers = {"function_type": "event", "trigger": "oss", "timer_cron": "bad"}
    assert rules.check_all(answers, SPEC)["timer_cron"] == SPEC["timer_cron"]
    with pytest.raises(rules.AnswerError, match="timer_cron: must be FC's 6-field cron"):
        rules.check_all({**answers, "trigger": "timer"}, SPEC)
    # An HTTP function has no trigger question at all.
    http = {"function_type": "http", "trigger": "timer", "timer_cron": "bad"}
    assert rules.check_all(http, SPEC)["timer_cron"] == SPEC["timer_cron"]


def wizard(tmp_path: Path, keys: dict[str, str]) -> Path:
    """Generate with the wizard, typing ``keys`` by question name (Enter at the others)."""
    with keys_by_name(SPEC, keys):
        return generate(
            template=None, checkout=None, args=argparse.Namespace(set=[]),
            output_dir=tmp_path, interactive=True, force=False,
        )  # fmt: skip


def test_the_wizard_asks_the_framework_none_first_then_the_trigger(tmp_path):
    # Function type: event; framework: none, preselected (Enter); trigger: timer.
    keys = {
        "function_type": DOWN + ENTER, "trigger": DOWN + ENTER,
        "timer_cron": CLEAR + "0 0 6 * * *" + ENTER, "timer_payload": "nightly" + ENTER,
    }  # fmt: skip
    answers = answers_of(wizard(tmp_path, keys))
    assert (answers["function_type"], answers["trigger"]) == ("event", "timer")
    assert (answers["timer_cron"], answers["timer_payload"]) == ("0 0 6 * * *", "nightly")
    assert answers["framework"] == "none"
    labels = SPEC["__prompts__"]["framework"]
    assert "recommended for event functions" in labels["none"]
    assert "event function none is recommended" in labels["__prompt__"]


def test_the_wizard_takes_a_framework_for_an_event_function(tmp_path):
    # Framework: from none (preselected, the last) up to django; trigger: none (Enter).
    project = wizard(tmp_path, {"function_type": DOWN + ENTER, "framework": UP + ENTER})
    assert answers_of(project)["framework"] == "django"
    assert (project / "code" / "fcapp" / "views.py").read_text().count("def invoke(") == 1


def test_the_summary_and_the_wizard_leave_out_what_does_not_apply():
    from fc_lifecycle.options import Questions

    questions = Questions(SPEC)
    event = questions.unused({**TIMER, "initializer": True, "pre_stop": True})
    assert {"http_auth", "oss_bucket", "oss_events"} <= event
    assert not {"framework", "trigger", "timer_cron", "timer_payload"} & event
    http = questions.unused({"function_type": "http", "initializer": True, "pre_stop": True})
    assert {"trigger", "timer_cron", "timer_payload", "oss_bucket", "oss_events"} <= http
    assert not {"framework", "http_auth"} & http


def test_a_bad_cron_flag_is_one_line_and_writes_nothing(tmp_path, capsys):
    argv = ["new", "--no-input", "-o", str(tmp_path / "out"), "--function-type", "event",
            "--trigger", "timer", "--timer-cron", "0 4 * * *"]  # fmt: skip
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: --timer-cron: must be FC's 6-field cron") and err.count("\n") == 1
    assert not (tmp_path / "out").exists()


# s.yaml and validate --------------------------------------------------------------------


def test_the_journey_has_no_http_trigger_and_validates(journey):
    props = next(iter(yaml.safe_load((journey / "s.yaml").read_text())["resources"].values()))
    (trigger,) = props["props"]["triggers"]
    assert trigger["triggerType"] == "timer"
    assert set(trigger["triggerConfig"]) == {"cronExpression", "enable", "payload"}
    assert [str(p) for p in validate(journey)] == []


def edited(project: Path, tmp_path: Path, change) -> Path:
    copy = Path(shutil.copytree(project, tmp_path / "p", symlinks=True))
    path = copy / "s.yaml"
    data = yaml.safe_load(path.read_text())
    change(next(iter(data["resources"].values()))["props"])
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return copy


def test_validate_refuses_an_http_trigger_on_an_event_function(timer_project, tmp_path):
    http = {"triggerName": "http", "triggerType": "http",
            "triggerConfig": {"authType": "anonymous", "methods": ["POST"]}}  # fmt: skip
    project = edited(timer_project, tmp_path, lambda p: p["triggers"].append(http))
    (problem,) = validate(project)
    assert problem.path.endswith("triggers.1.triggerType")
    assert "HTTP trigger on an event function" in problem.message


@pytest.mark.parametrize("cron", ["0 4 * * *", "every 5 minutes", "@every 5s"])
def test_validate_refuses_a_bad_timer_cron(timer_project, tmp_path, cron):
    change = lambda p: p["triggers"][0]["triggerConfig"].update(cronExpression=cron)  # noqa: E731
    (problem,) = validate(edited(timer_project, tmp_path, change))
    assert problem.path.endswith("triggerConfig.cronExpression")
    assert "6-field cron" in problem.message and repr(cron) in problem.message


def test_validate_knows_the_oss_trigger_keys(tmp_path):
    answers = {"function_type": "event", "trigger": "oss", "oss_bucket": "my-bucket"}
    project = render(ROOT, answers, tmp_path / "oss")
    assert [str(p) for p in validate(project)] == []

    def misspell(props):
        props["triggers"][0]["triggerConfig"]["events"] = ["oss:ObjectCreated:Put"]
        props["triggers"][0]["triggerConfig"]["filters"] = {}

    messages = " | ".join(str(p) for p in validate(edited(project, tmp_path, misspell)))
    assert "'oss:ObjectCreated:Put' is not" in messages
    assert "filters" in messages


# fc-lifecycle run ----------------------------------------------------------------------


@pytest.mark.e2e  # a process: the project's pytest or fc-lifecycle run
def test_the_journey_project_passes_its_own_tests(journey):
    result = subprocess.run(
        PROJECT_PYTEST,
        cwd=journey, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert " passed" in result.stdout
    assert "warnings summary" not in result.stdout, result.stdout[-3000:]


@pytest.mark.e2e  # a process: the project's pytest or fc-lifecycle run
def test_run_invoke_drives_one_timer_event_through_the_whole_lifecycle(journey):
    result = fc_run(journey, "--invoke")
    assert result.returncode == 0, result.stderr
    assert "POST /invoke" in result.stderr
    status, _, body = result.stdout.strip().partition(" ")
    assert status == "200"
    event = json.loads(body)
    assert event["triggered"] == "timer" and event["payload"] == ""
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", event["at"])
    assert_whole_lifecycle(result.stderr)


@pytest.mark.e2e  # a process: the project's pytest or fc-lifecycle run
def test_run_invoke_sends_an_event_file_and_reports_the_failure(timer_project, tmp_path):
    event = tmp_path / "event.json"
    event.write_text('{"not": "a timer event"}')
    result = fc_run(timer_project, "--invoke", "--event", str(event))
    assert result.returncode == 1
    assert result.stdout.startswith("404 ")
    assert json.loads(result.stdout[4:])["errorType"] == "KeyError"
    assert "the event function failed (status 404, x-fc-status 404)" in result.stderr
    assert "KeyError" in result.stderr  # the traceback, in the instance's log
    assert_whole_lifecycle(result.stderr)


def test_event_needs_invoke_and_an_event_function(timer_project, tmp_path, capsys):
    assert main(["run", str(timer_project), "--event", "x.json"]) == 2
    assert "--event: only with --invoke" in capsys.readouterr().err
    with socket.socket() as busy:  # bad input is reported before the port is tried
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = str(busy.getsockname()[1])
        assert main(["run", str(timer_project), "--event", "x.json", "--listen", port]) == 2
    assert "--event: only with --invoke" in capsys.readouterr().err
    http = render(ROOT, {"framework": "none"}, tmp_path / "http")
    assert main(["run", str(http), "--invoke", "--event", "x.json"]) == 2
    assert "--event: only for an event function" in capsys.readouterr().err


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def send(port: int, method: str, body: bytes | None) -> tuple[int, bytes]:
    request = urllib.request.Request(f"http://127.0.0.1:{port}/any", data=body, method=method)
    try:
        with urllib.request.urlopen(request, timeout=20) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


@pytest.mark.e2e  # a process: the project's pytest or fc-lifecycle run
def test_listen_forwards_plain_posts_as_events(timer_project):
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "fc_lifecycle", "run", str(timer_project), "--listen", str(port),
         "--once"], stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "run --listen never listened"
                time.sleep(0.05)
        assert send(port, "GET", None)[0] == 405
        event = {"triggerName": "by-hand", "triggerTime": "2026-01-01T00:00:00Z"}
        status, body = send(port, "POST", json.dumps(event).encode())
        assert process.wait(timeout=30) == 0
    finally:
        process.kill()
    err = process.stderr.read()
    assert status == 200 and json.loads(body)["triggered"] == "by-hand"
    assert "POST /invoke" in err
    assert_whole_lifecycle(err)


@pytest.mark.skipif(s_cli() is None, reason="the s CLI is not installed (npm missing?)")
def test_s_preview_accepts_the_timer_project(timer_project, tmp_path):
    resource = s_preview(timer_project, tmp_path)
    assert resource["props"]["triggers"][0]["triggerType"] == "timer"


@pytest.mark.parametrize("trigger", ["timer", "oss", "none"])
def test_event_s_yaml_passes_fc3_own_schema(tmp_path, trigger):
    from fc_lifecycle import syaml
    from jsonschema import Draft7Validator

    fc3 = json.loads((ROOT / "tests" / "data" / "fc3" / "schema.json").read_text())
    project = render(ROOT, {"function_type": "event", "trigger": trigger}, tmp_path)
    (resource,) = syaml.load(project / "s.yaml").data["resources"].values()
    assert list(Draft7Validator(fc3).iter_errors(resource["props"])) == []
