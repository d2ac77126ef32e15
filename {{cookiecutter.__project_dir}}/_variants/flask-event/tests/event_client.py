"""FC's events through Flask's test client, and where the app keeps its shared state."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse


def post_event(client: FlaskClient, body: bytes, headers: dict) -> TestResponse:
    """POST one event to ``/invoke`` as FC does: the bytes as they are, octet-stream."""
    return client.post(
        "/invoke", data=body, headers=headers, content_type="application/octet-stream"
    )


def state_of(app: Flask) -> Flask:
    """What the hooks get and ``handle`` gets as ``context.state``: the app itself."""
    return app
