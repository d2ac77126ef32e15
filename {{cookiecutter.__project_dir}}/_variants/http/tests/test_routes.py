{#- One test of the example routes for every framework: each line that differs names its
    framework's client (Flask's and FastAPI's test clients, Django's, the tests' own HTTP
    client for the stdlib server) in the table below. -#}
{%- set fw = cookiecutter.framework -%}
{%- set through = {"flask": "Flask's test client", "fastapi": "FastAPI's TestClient", "django": "Django's test client", "none": "a real server on a free port"}[fw] -%}
{%- set json = "get_json()" if fw == "flask" else "json()" -%}
"""Your routes, through {{ through }}."""

from __future__ import annotations

from helpers import assert_markers


def test_index_uses_the_apps_resources(client, fc_headers, capsys):
    response = client.get("/", headers=fc_headers)
    assert response.status_code == 200
    assert response.{{ json }} == {"message": "Hello from the tests"}
    assert_markers(capsys.readouterr().out, "Invoke", fc_headers["x-fc-request-id"])


def test_save_item_reads_json(client, fc_headers):
{%- if fw == "django" %}
    response = client.post(
        "/items/7", {"name": "pen"}, content_type="application/json", headers=fc_headers
    )
{%- else %}
    response = client.post("/items/7", {{ "json_body" if fw == "none" else "json" }}={"name": "pen"}, headers=fc_headers)
{%- endif %}
    assert response.status_code == 201
    assert response.{{ json }} == {"id": "7", "item": {"name": "pen"}}


def test_save_item_rejects_a_body_that_is_not_json(client, fc_headers):
{%- if fw == "django" %}
    response = client.post(
        "/items/7", b"{broken", content_type="application/json", headers=fc_headers
    )
{%- else %}
    response = client.post("/items/7", {{ {"flask": "data", "fastapi": "content", "none": "body"}[fw] }}=b"{broken", headers=fc_headers)
{%- endif %}
    assert response.status_code {{ {"flask": "in (400, 415)", "fastapi": "in (400, 422)"}.get(fw, "== 400") }}
{%- if cookiecutter.initializer %}


def test_initialize_prepares_what_routes_use(client, fc_headers):
    client.post("/initialize", headers=fc_headers)
    message = client.get("/", headers=fc_headers).{{ json }}["message"]
    assert message == f"Hello from {fc_headers['x-fc-function-name']}"
{%- endif %}
