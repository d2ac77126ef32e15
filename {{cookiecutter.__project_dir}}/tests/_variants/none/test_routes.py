"""Your routes, through a real server on a free port."""

from __future__ import annotations

from helpers import assert_markers


def test_index_uses_the_apps_resources(client, fc_headers, capsys):
    response = client.get("/", headers=fc_headers)
    assert response.status_code == 200
    assert response.json() == {"message": "Hello from the tests"}
    assert_markers(capsys.readouterr().out, "Invoke", fc_headers["x-fc-request-id"])


def test_save_item_reads_json(client, fc_headers):
    response = client.post("/items/7", json_body={"name": "pen"}, headers=fc_headers)
    assert response.status_code == 201
    assert response.json() == {"id": "7", "item": {"name": "pen"}}


def test_save_item_rejects_a_body_that_is_not_json(client, fc_headers):
    response = client.post("/items/7", body=b"{broken", headers=fc_headers)
    assert response.status_code == 400
{%- if cookiecutter.initializer %}


def test_initialize_prepares_what_routes_use(client, fc_headers):
    client.post("/initialize", headers=fc_headers)
    message = client.get("/", headers=fc_headers).json()["message"]
    assert message == f"Hello from {fc_headers['x-fc-function-name']}"
{%- endif %}
