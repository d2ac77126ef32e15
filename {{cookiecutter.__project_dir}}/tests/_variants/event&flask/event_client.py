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


def state_of(app: Flask) -> dict:
    """What ``initialize`` fills and ``handle`` gets as ``context.state``."""
    return app.extensions
