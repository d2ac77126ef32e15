"""The PreStop hook: GET /pre-stop runs ``lifecycle.pre_stop`` before FC stops the instance."""

from __future__ import annotations
{% if cookiecutter.initializer %}
import pytest
{% endif %}
import lifecycle
from helpers import assert_markers, assert_no_secret, body_text
{%- if cookiecutter.initializer %}


@pytest.fixture(autouse=True)
def initialized(client, fc_headers) -> None:
    """FC calls PreStop only on an instance its Initializer call prepared."""
    assert client.post("/initialize", headers=fc_headers).status_code == 200
{%- endif %}


def test_pre_stop_answers_200_and_logs_markers(client, fc_headers, capsys):
    response = client.get("/pre-stop", headers=fc_headers)
    assert response.status_code == 200
    assert_markers(capsys.readouterr().out, "PreStop", fc_headers["x-fc-request-id"])


def test_pre_stop_runs_the_hook_with_the_apps_state(app, client, fc_headers, monkeypatch):
    calls = []
    monkeypatch.setattr(lifecycle, "pre_stop", lambda state, context: calls.append(context))
    client.get("/pre-stop", headers=fc_headers)
    assert [context.request_id for context in calls] == [fc_headers["x-fc-request-id"]]


def test_failed_pre_stop_answers_500_and_still_logs_both_markers(
    client, fc_headers, monkeypatch, capsys
):
    def broken(state, context):
        raise OSError("flush failed")

    monkeypatch.setattr(lifecycle, "pre_stop", broken)
    response = client.get("/pre-stop", headers=fc_headers)
    captured = capsys.readouterr()
    assert response.status_code == 500
    assert_markers(captured.out, "PreStop", fc_headers["x-fc-request-id"])
    assert_no_secret(captured.out, captured.err, body_text(response))


def test_a_second_pre_stop_runs_nothing_and_answers_200(client, fc_headers, monkeypatch, capsys):
    calls = []
    monkeypatch.setattr(lifecycle, "pre_stop", lambda state, context: calls.append(context))
    statuses = [client.get("/pre-stop", headers=fc_headers).status_code for _ in range(3)]
    assert statuses == [200, 200, 200]
    assert len(calls) == 1
    output = capsys.readouterr().out
    assert output.count(f"FC PreStop End RequestId: {fc_headers['x-fc-request-id']}") == 3
{%- if cookiecutter.initializer %}


def test_initialize_runs_again_after_pre_stop(client, fc_headers, monkeypatch):
    """FC's freeze cycle: PreStop before a freeze, the Initializer again after the thaw."""
    calls = []
    real_initialize, real_pre_stop = lifecycle.initialize, lifecycle.pre_stop

    def initialize(state, context):
        calls.append("initialize")
        return real_initialize(state, context)  # an async hook's coroutine is awaited

    def pre_stop(state, context):
        calls.append("pre_stop")
        return real_pre_stop(state, context)

    monkeypatch.setattr(lifecycle, "initialize", initialize)
    monkeypatch.setattr(lifecycle, "pre_stop", pre_stop)
    calls_in_order = [
        client.get("/pre-stop", headers=fc_headers),
        client.post("/initialize", headers=fc_headers),
        client.post("/initialize", headers=fc_headers),
        client.get("/pre-stop", headers=fc_headers),
        client.get("/pre-stop", headers=fc_headers),
    ]
    assert [response.status_code for response in calls_in_order] == [200] * 5
    assert calls == ["pre_stop", "initialize", "pre_stop"]
{%- endif %}
