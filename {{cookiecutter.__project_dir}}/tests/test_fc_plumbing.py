"""FC's plumbing around every request: marker lines, 404s, hook paths, credentials."""

from __future__ import annotations

import pytest

from helpers import assert_markers, assert_no_secret, body_text


def test_unknown_path_is_the_frameworks_404_with_invoke_markers(client, fc_headers, capsys):
    response = client.get("/no/such/path", headers=fc_headers)
    assert response.status_code == 404
    assert_markers(capsys.readouterr().out, "Invoke", fc_headers["x-fc-request-id"])


def test_wrong_method_is_405_with_invoke_markers(client, fc_headers, capsys):
    response = client.delete("{{ '/invoke' if cookiecutter.function_type == 'event' else '/' }}", headers=fc_headers)
    assert response.status_code == 405
    assert_markers(capsys.readouterr().out, "Invoke", fc_headers["x-fc-request-id"])


def test_missing_request_id_gets_a_generated_one(client, capsys):
    client.get("/")
    starts = [line for line in capsys.readouterr().out.splitlines() if "Invoke Start" in line]
    assert len(starts) == 1
    assert starts[0].startswith("FC Invoke Start RequestId: local-")


# x-fc-control-path values that name an invocation however they are written: gunicorn joins
# a header sent twice with a comma, and a list may name another value first.
INVOCATION_SPELLINGS = [
    "/http-invoke", "/invoke", "/HTTP-Invoke", " /http-invoke\t", "/http-invoke,/http-invoke",
    "/initialize, /http-invoke", "/pre-stop,/invoke",
]  # fmt: skip


@pytest.mark.parametrize("control_path", INVOCATION_SPELLINGS)
@pytest.mark.parametrize(("method", "path"), [("POST", "/initialize"), ("GET", "/pre-stop")])
def test_hook_paths_through_the_http_trigger_run_no_hook(
    client, invocation_headers, capsys, method, path, control_path
):
    send = client.post if method == "POST" else client.get
    invocation_headers["x-fc-control-path"] = control_path
    response = send(path, headers=invocation_headers)
    output = capsys.readouterr().out
    assert response.status_code in (404, 405)
    assert "FC Initialize" not in output
    assert "FC PreStop" not in output
    assert_markers(output, "Invoke", invocation_headers["x-fc-request-id"])


def test_no_secret_in_logs_or_answers(client, fc_headers, capsys):
    answers = [
        client.get("/", headers=fc_headers),
        client.post("/initialize", headers=fc_headers),
        client.get("/pre-stop", headers=fc_headers),
    ]
    captured = capsys.readouterr()
    assert_no_secret(captured.out, captured.err, *map(body_text, answers))
