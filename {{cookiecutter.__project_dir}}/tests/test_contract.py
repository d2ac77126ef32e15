"""The process contract with FC: start ``code/bootstrap`` as FC does and drive its lifecycle."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from app_fixtures import CLEAN_STOP_STATUS
from helpers import SECRET_ENV, SECRET_HEADERS, assert_markers, assert_no_secret

CODE = Path(__file__).resolve().parents[1] / "code"
STARTUP_LIMIT = 60  # FC allows 120 s; a healthy instance here needs about one.


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def call(port: int, method: str, path: str, body: bytes = b"", **headers: str) -> tuple[int, str]:
    """Send one request with FC's common headers; return (status, request id)."""
    request_id = f"1-{uuid.uuid4().hex[:8]}-{uuid.uuid4().hex[:12]}"
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"x-fc-request-id": request_id, **SECRET_HEADERS, **headers}
    try:
        connection.request(method, path, body=body or None, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status, request_id
    finally:
        connection.close()


def wait_until_answering(port: int, process: subprocess.Popen) -> None:
    """Wait for an HTTP answer: a listening socket alone is not a ready server."""
    deadline = time.monotonic() + STARTUP_LIMIT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"bootstrap exited with {process.returncode} before answering")
        try:
            call(port, "GET", "/")
            return
        except OSError:
            time.sleep(0.05)
    pytest.fail(f"bootstrap did not answer on port {port} within {STARTUP_LIMIT} s")


@pytest.fixture
def instance(tmp_path):
    """Start bootstrap with FC's environment on a free port; yield (port, process, log)."""
    port = free_port()
    env = {
        **os.environ,
        **SECRET_ENV,
        "FC_CUSTOM_LISTEN_PORT": str(port),
        "FC_FUNCTION_NAME": "contract-test",
        "FC_REGION": "cn-hangzhou",
        "FC_INSTANCE_ID": "contract-instance",
        # The interpreter running the tests plays FC's python3 on PATH.
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    log = tmp_path / "instance.log"
    with log.open("w") as sink:
        process = subprocess.Popen(
            [str(CODE / "bootstrap")], cwd=CODE, env=env, stdout=sink, stderr=subprocess.STDOUT
        )
    try:
        wait_until_answering(port, process)
        yield port, process, log
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_bootstrap_serves_the_lifecycle_and_stops_cleanly_on_sigterm(instance):
    port, process, log = instance
    calls = []
{%- if cookiecutter.initializer %}
    calls.append(("Initialize", *call(port, "POST", "/initialize")))
{%- endif %}
{%- if cookiecutter.function_type == "event" %}
    invoke = {"x-fc-control-path": "/invoke", "Content-Type": "application/octet-stream"}
    event = (Path(__file__).parent / "events" / "sample.json").read_bytes()
    calls.append(("Invoke", *call(port, "POST", "/invoke", event, **invoke)))
{%- else %}
    calls.append(("Invoke", *call(port, "GET", "/?id=7")))
{%- endif %}
{%- if cookiecutter.pre_stop %}
    calls.append(("PreStop", *call(port, "GET", "/pre-stop")))
{%- endif %}
    process.send_signal(signal.SIGTERM)
    status = process.wait(timeout=15)
    output = log.read_text()
    assert status == CLEAN_STOP_STATUS
    assert [status for _, status, _ in calls] == [200] * len(calls)
    for event, _, request_id in calls:
        assert_markers(output, event, request_id)
    assert_no_secret(output)
