"""The Initializer hook: POST /initialize runs ``lifecycle.initialize`` once per instance."""

from __future__ import annotations

import json
import threading
import time

import pytest

import fc_support
import lifecycle
from helpers import assert_markers, assert_no_secret


@pytest.fixture
def calls(monkeypatch):
    """Count the calls of ``lifecycle.initialize``, still running the real code."""
    seen = []
    real = lifecycle.initialize

    def counted(context):
        seen.append(context.request_id)
        real(context)

    monkeypatch.setattr(lifecycle, "initialize", counted)
    return seen


def test_initialize_answers_200_and_logs_markers(client, fc_headers, capsys):
    response = client.request("POST", "/initialize", fc_headers)
    assert response.status == 200
    assert_markers(capsys.readouterr().out, "Initialize", fc_headers["x-fc-request-id"])


def test_initialize_runs_once_per_instance(client, fc_headers, calls):
    statuses = [client.request("POST", "/initialize", fc_headers).status for _ in range(3)]
    assert statuses == [200, 200, 200]
    assert len(calls) == 1


def test_initialize_prepares_state_for_invocations(client, fc_headers):
    client.request("POST", "/initialize", fc_headers)
    answer = json.loads(client.request("GET", "/", fc_headers).text)
    assert answer["message"] == f"Hello from {fc_headers['x-fc-function-name']}"


def test_failed_initialize_answers_400_and_is_retried(client, fc_headers, monkeypatch, capsys):
    real = lifecycle.initialize
    attempts = []

    def flaky(context):
        attempts.append(context.request_id)
        if len(attempts) == 1:
            raise RuntimeError("database not reachable yet")
        real(context)

    monkeypatch.setattr(lifecycle, "initialize", flaky)
    first = client.request("POST", "/initialize", fc_headers)
    second = client.request("POST", "/initialize", fc_headers)
    assert (first.status, second.status) == (400, 200)
    assert len(attempts) == 2


def test_failed_initialize_is_logged_with_request_id_and_no_secret(
    client, fc_headers, monkeypatch, capsys
):
    def broken(context):
        raise RuntimeError(f"cannot log in with {context.credentials.access_key_secret}")

    monkeypatch.setattr(lifecycle, "initialize", broken)
    response = client.request("POST", "/initialize", fc_headers)
    captured = capsys.readouterr()
    assert_markers(captured.out, "Initialize", fc_headers["x-fc-request-id"])
    assert f"{fc_headers['x-fc-request-id']} [ERROR]" in captured.err
    assert "cannot log in with ***" in captured.err
    assert_no_secret(captured.out, captured.err, response.text)


def test_restart_instance_answers_500(client, fc_headers, monkeypatch):
    def fatal(context):
        raise fc_support.RestartInstance("out of file handles")

    monkeypatch.setattr(lifecycle, "initialize", fatal)
    assert client.request("POST", "/initialize", fc_headers).status == 500


def test_concurrent_calls_run_initialize_once(fc_headers, calls, monkeypatch):
    real = lifecycle.initialize
    monkeypatch.setattr(lifecycle, "initialize", lambda ctx: (time.sleep(0.05), real(ctx)))
    instance = fc_support.Lifecycle(lifecycle)
    results = []
    threads = [
        threading.Thread(target=lambda: results.append(instance.initialize(fc_headers).status))
        for _ in range(20)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [200] * 20
    assert len(calls) == 1
