"""Your routes, through Flask's test client."""

from __future__ import annotations

from helpers import assert_markers


def test_index_uses_the_apps_resources(client, fc_headers, capsys):
    response = client.get("/", headers=fc_headers)
    assert response.status_code == 200
    assert response.get_json() == {"message": "Hello from the tests"}
    assert_markers(capsys.readouterr().out, "Invoke", fc_headers["x-fc-request-id"])


def test_save_item_reads_json(client, fc_headers):
    response = client.post("/items/7", json={"name": "pen"}, headers=fc_headers)
    assert response.status_code == 201
    assert response.get_json() == {"id": "7", "item": {"name": "pen"}}


def test_save_item_rejects_a_body_that_is_not_json(client, fc_headers):
    response = client.post("/items/7", data=b"{broken", headers=fc_headers)
    assert response.status_code in (400, 415)
{%- if cookiecutter.initializer %}


def test_initialize_prepares_what_routes_use(client, fc_headers):
    client.post("/initialize", headers=fc_headers)
    message = client.get("/", headers=fc_headers).get_json()["message"]
    assert message == f"Hello from {fc_headers['x-fc-function-name']}"
{%- endif %}
