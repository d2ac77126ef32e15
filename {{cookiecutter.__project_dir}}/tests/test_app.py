"""Ordinary invocations, through the framework's test client."""

from __future__ import annotations

import json

from helpers import assert_markers, assert_no_secret


def test_invocation_answers_200(client, fc_headers):
    response = client.request("GET", "/hello?name=fc", fc_headers)
    assert response.status == 200
    assert json.loads(response.text)["requestId"] == fc_headers["x-fc-request-id"]


def test_invocation_logs_invoke_markers(client, fc_headers, capsys):
    client.request("POST", "/orders", fc_headers, body=b'{"id": 1}')
    assert_markers(capsys.readouterr().out, "Invoke", fc_headers["x-fc-request-id"])


def test_missing_request_id_gets_a_generated_one(client, capsys):
    response = client.request("GET", "/")
    request_id = json.loads(response.text)["requestId"]
    assert response.status == 200
    assert request_id
    assert_markers(capsys.readouterr().out, "Invoke", request_id)


def test_large_body_is_accepted(client, fc_headers):
    response = client.request("POST", "/upload", fc_headers, body=b"x" * 1_000_000)
    assert response.status == 200


def test_no_secret_in_logs_or_answers(client, fc_headers, capsys):
    answers = [
        client.request(method, path, fc_headers).text
        for method, path in [
            ("GET", "/"),
            ("POST", "/initialize"),
            ("GET", "/pre-stop"),
        ]
    ]
    captured = capsys.readouterr()
    assert_no_secret(captured.out, captured.err, *answers)
{%- if not cookiecutter.initializer %}


def test_initialize_is_not_a_hook_when_switched_off(client, fc_headers, capsys):
    client.request("POST", "/initialize", fc_headers)
    assert "FC Initialize" not in capsys.readouterr().out
{%- endif %}
{%- if not cookiecutter.pre_stop %}


def test_pre_stop_is_not_a_hook_when_switched_off(client, fc_headers, capsys):
    client.request("GET", "/pre-stop", fc_headers)
    assert "FC PreStop" not in capsys.readouterr().out
{%- endif %}
