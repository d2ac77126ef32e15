"""FC's events through the tests' client for the stdlib server, and its shared state."""

from __future__ import annotations

from app_fixtures import Client, Response
from fc_support.server import Server


def post_event(client: Client, body: bytes, headers: dict) -> Response:
    """POST one event to ``/invoke`` as FC does: the bytes as they are, octet-stream."""
    headers = {**headers, "Content-Type": "application/octet-stream"}
    return client.post("/invoke", body=body, headers=headers)


def state_of(app: Server) -> dict:
    """What ``initialize`` fills and ``handle`` gets as ``context.state``."""
    return app.lifecycle.state
