"""The Initializer hook: POST /initialize runs ``lifecycle.initialize`` once per instance."""

from __future__ import annotations

import threading
import time

import pytest

import fc_support
import lifecycle
from helpers import assert_markers, assert_no_secret, body_text


@pytest.fixture
def calls(monkeypatch):
    """Count the calls of ``lifecycle.initialize``, still running the real code."""
    seen = []
    real = lifecycle.initialize

    def counted(state, context):
        seen.append(context.request_id)
        return real(state, context)  # an async hook's coroutine is awaited by the plumbing

    monkeypatch.setattr(lifecycle, "initialize", counted)
    return seen


def test_initialize_answers_200_and_logs_markers(client, fc_headers, capsys):
    response = client.post("/initialize", headers=fc_headers)
    assert response.status_code == 200
    assert_markers(capsys.readouterr().out, "Initialize", fc_headers["x-fc-request-id"])


def test_initialize_runs_once_per_instance(client, fc_headers, calls):
    statuses = [client.post("/initialize", headers=fc_headers).status_code for _ in range(3)]
    assert statuses == [200, 200, 200]
    assert len(calls) == 1


def test_failed_initialize_answers_400_and_is_retried(client, fc_headers, monkeypatch):
    real = lifecycle.initialize
    attempts = []

    def flaky(state, context):
        attempts.append(context.request_id)
        if len(attempts) == 1:
            raise RuntimeError("database not reachable yet")
        return real(state, context)

    monkeypatch.setattr(lifecycle, "initialize", flaky)
    first = client.post("/initialize", headers=fc_headers)
    second = client.post("/initialize", headers=fc_headers)
    assert (first.status_code, second.status_code) == (400, 200)
    assert len(attempts) == 2


def test_failed_initialize_is_logged_with_request_id_and_no_secret(
    client, fc_headers, monkeypatch, capsys
):
    def broken(state, context):
        raise RuntimeError(f"cannot log in with {context.credentials.access_key_secret}")

    monkeypatch.setattr(lifecycle, "initialize", broken)
    response = client.post("/initialize", headers=fc_headers)
    captured = capsys.readouterr()
    assert_markers(captured.out, "Initialize", fc_headers["x-fc-request-id"])
    assert f"{fc_headers['x-fc-request-id']} [ERROR]" in captured.err
    assert "cannot log in with ***" in captured.err
    assert_no_secret(captured.out, captured.err, body_text(response))


def test_restart_instance_answers_500(client, fc_headers, monkeypatch):
    def fatal(state, context):
        raise fc_support.RestartInstance("out of file handles")

    monkeypatch.setattr(lifecycle, "initialize", fatal)
    assert client.post("/initialize", headers=fc_headers).status_code == 500


def test_concurrent_calls_run_initialize_once(fc_headers, monkeypatch):
    calls = []
    monkeypatch.setattr(lifecycle, "initialize", lambda *args: (time.sleep(0.05), calls.append(1)))
    instance = fc_support.Lifecycle(state={})
    results = []
    threads = [
        threading.Thread(
            target=lambda: results.append(
                instance.run("initialize", lambda n: fc_headers.get(n, ""))[0]
            )
        )
        for _ in range(20)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [200] * 20
    assert len(calls) == 1
