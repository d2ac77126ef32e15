"""Every framework's generated app under hostile or odd requests, as a real process."""

from __future__ import annotations

import textwrap
import threading
import uuid

import pytest
from conftest import FRAMEWORKS, WAITING
from helpers.instance import SECRET_ENV, SECRET_HEADERS, Instance, call, needs
from helpers.projects import project_copy

pytestmark = [pytest.mark.e2e, WAITING]
SECRETS = [*SECRET_HEADERS.values(), *SECRET_ENV.values()]

# A lifecycle.py whose behaviour the tests choose through environment variables.
LIFECYCLE = textwrap.dedent(
    """
    import os
    import time

    STATE = {"greeting": "hi", "initialized_at": None, "attempts": 0}


    def initialize(state, context):
        STATE["attempts"] += 1
        print(f"INIT-ATTEMPT {STATE['attempts']}", flush=True)
        time.sleep(float(os.environ.get("TEST_INIT_SLEEP", "0")))
        if os.environ.get("TEST_INIT_FAILS") and STATE["attempts"] == 1:
            secret = os.environ["ALIBABA_CLOUD_ACCESS_KEY_SECRET"]
            raise RuntimeError("cannot connect with " + secret)


    def pre_stop(state, context):
        time.sleep(float(os.environ.get("TEST_PRE_STOP_SLEEP", "0")))
    """
)


def fc_headers() -> dict:
    return {"x-fc-request-id": f"1-{uuid.uuid4().hex[:10]}", **SECRET_HEADERS}


@pytest.fixture(params=FRAMEWORKS)
def start(request, tmp_path):
    """Start a generated project of the framework with the test lifecycle code."""
    needs(request.param)
    project = project_copy({"framework": request.param}, tmp_path / "out")
    (project / "code" / "lifecycle.py").write_text(LIFECYCLE)
    started = []

    def _start(**env) -> Instance:
        started.append(Instance(project, env, tmp_path))
        return started[-1]

    yield _start
    for instance in started:
        instance.kill()


def test_twenty_concurrent_initialize_calls_run_it_once(start):
    instance = start(TEST_INIT_SLEEP="1")
    statuses = []

    def initialize() -> None:
        statuses.append(call(instance.port, "POST", "/initialize", fc_headers())[0])

    threads = [threading.Thread(target=initialize) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200] * 20
    assert instance.output().count("INIT-ATTEMPT") == 1


def test_failing_initialize_is_non_2xx_logged_and_run_again(start):
    instance = start(TEST_INIT_FAILS="1")
    headers = fc_headers()
    first = call(instance.port, "POST", "/initialize", headers)
    second = call(instance.port, "POST", "/initialize", fc_headers())
    output = instance.output()
    assert (first[0] // 100, second[0]) == (4, 200)
    assert f"{headers['x-fc-request-id']} [ERROR]" in output
    assert output.count("INIT-ATTEMPT") == 2
    assert not [s for s in SECRETS if s in output + first[1]]


def test_pre_stop_slower_than_its_timeout_still_stops_on_sigterm(start):
    instance = start(TEST_PRE_STOP_SLEEP="120")
    # PreStop runs only after an initialize (the freeze cycle): FC's order.
    assert call(instance.port, "POST", "/initialize", fc_headers())[0] == 200
    with pytest.raises(TimeoutError):
        call(instance.port, "GET", "/pre-stop", fc_headers(), timeout=1)
    assert instance.stop(timeout=30) is not None


@pytest.mark.parametrize(
    ("name", "method", "headers", "body"),
    [
        ("1 MB body", "POST", {"Content-Type": "application/octet-stream"}, b"x" * 1_000_000),
        ("malformed JSON", "POST", {"Content-Type": "application/json"}, b'{"broken": '),
        ("no request id", "GET", {}, None),
        ("odd method", "PATCH", {"Content-Type": "text/plain"}, b"\xff\xfe binary"),
    ],
)
def test_odd_requests_are_answered_cleanly(start, name, method, headers, body):
    instance = start()
    status, _ = call(
        instance.port, method, "/api/items?q=%00%ff", {**SECRET_HEADERS, **headers}, body
    )
    assert status < 500, name
    assert call(instance.port, "GET", "/", fc_headers())[0] == 200
    assert "FC Invoke Start RequestId: " in instance.output()


def test_missing_request_id_gets_a_generated_one_in_the_markers(start):
    instance = start()
    call(instance.port, "GET", "/", dict(SECRET_HEADERS))
    lines = [line for line in instance.output().splitlines() if line.startswith("FC Invoke Start")]
    assert lines
    assert all(line.split("RequestId: ")[1].strip() for line in lines)


def test_credentials_never_appear_in_logs_or_answers(start):
    instance = start()
    answers = [
        call(instance.port, method, path, fc_headers())[1]
        for method, path in [("POST", "/initialize"), ("GET", "/x"), ("GET", "/pre-stop")]
    ]
    instance.stop()
    leaked = [s for s in SECRETS if s in instance.output() or any(s in a for a in answers)]
    assert leaked == []
