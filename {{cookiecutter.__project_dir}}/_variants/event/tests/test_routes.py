"""The event function: FC's sample events through ``POST /invoke``, as FC sends them, with
the framework's own test client (``tests/event_client.py``)."""

from __future__ import annotations

import json
from pathlib import Path

import handler
from event_client import post_event, state_of
from helpers import assert_markers, assert_no_secret, body_text

ORIGINAL = handler.handle
SAMPLE = Path(__file__).resolve().parent / "events" / "sample.json"


def invoke(client, fc_headers, body: bytes):
    """Send one event as FC does: POST /invoke, octet-stream, x-fc-control-path /invoke."""
    return post_event(client, body, {**fc_headers, "x-fc-control-path": "/invoke"})


def result(response):
    """The invocation's result, as JSON."""
    return json.loads(body_text(response))


def test_the_sample_event_succeeds_with_fc_markers(client, fc_headers, capsys):
    response = invoke(client, fc_headers, SAMPLE.read_bytes())
    assert response.status_code == 200
    assert response.headers["x-fc-status"] == "200"
{%- if cookiecutter.trigger == "timer" %}
    assert result(response) == {
        "triggered": "timer",
        "at": "2018-02-09T05:49:00Z",
        "payload": {{ cookiecutter.timer_payload | tojson }},
    }
{%- elif cookiecutter.trigger == "oss" %}
    assert result(response) == {"objects": ["source/a.png"]}
{%- else %}
    assert result(response) == {"received": json.loads(SAMPLE.read_bytes())}
{%- endif %}
    assert_markers(capsys.readouterr().out, "Invoke", fc_headers["x-fc-request-id"])


def test_handle_gets_the_parsed_event_and_fc_context(app, client, fc_headers, monkeypatch):
    seen = {}

    def record(event, context):
        seen.update(event=event, rid=context.request_id, state=context.state)
        seen["context"] = repr(context) + repr(context.credentials)
        return None

    monkeypatch.setattr(handler, "handle", record)
    response = invoke(client, fc_headers, SAMPLE.read_bytes())
    assert response.status_code == 200
    assert seen["event"] == json.loads(SAMPLE.read_bytes())
    assert seen["rid"] == fc_headers["x-fc-request-id"]
    assert seen["state"] is state_of(app)
    assert_no_secret(seen["context"])


def test_without_a_request_id_handle_gets_the_one_of_the_marker_lines(
    client, fc_headers, monkeypatch, capsys
):
    seen = []
    monkeypatch.setattr(handler, "handle", lambda event, context: seen.append(context.request_id))
    del fc_headers["x-fc-request-id"]
    assert invoke(client, fc_headers, SAMPLE.read_bytes()).status_code == 200
    (rid,) = seen
    assert rid.startswith("local-")
    assert_markers(capsys.readouterr().out, "Invoke", rid)


def test_a_body_that_is_not_json_arrives_as_bytes(client, fc_headers, monkeypatch):
    monkeypatch.setattr(handler, "handle", lambda event, context: {"type": type(event).__name__})
    response = invoke(client, fc_headers, b"\x00raw bytes")
    assert result(response) == {"type": "bytes"}


def test_a_failing_handle_is_reported_as_fc_expects(client, fc_headers, monkeypatch, capsys):
    def fail(event, context):
        raise RuntimeError("broken with " + context.credentials.access_key_secret)

    monkeypatch.setattr(handler, "handle", fail)
    response = invoke(client, fc_headers, SAMPLE.read_bytes())
    assert response.status_code == 404
    assert response.headers["x-fc-status"] == "404"
    assert result(response)["errorType"] == "RuntimeError"
    output = capsys.readouterr()
    assert "RuntimeError" in output.err and fc_headers["x-fc-request-id"] in output.err
    assert_no_secret(output.out + output.err + body_text(response))
    assert_markers(output.out, "Invoke", fc_headers["x-fc-request-id"])
    # the instance stays in service
    monkeypatch.setattr(handler, "handle", ORIGINAL)
    assert invoke(client, fc_headers, SAMPLE.read_bytes()).status_code == 200
