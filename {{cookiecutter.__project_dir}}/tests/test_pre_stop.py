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
