"""FC's events through FastAPI's TestClient, and where the app keeps its shared state."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient
from starlette.datastructures import State


def post_event(client: TestClient, body: bytes, headers: dict):
    """POST one event to ``/invoke`` as FC does: the bytes as they are, octet-stream;
    return the TestClient's response."""
    headers = {**headers, "Content-Type": "application/octet-stream"}
    return client.post("/invoke", content=body, headers=headers)


def state_of(app: FastAPI) -> State:
    """What ``initialize`` fills and ``handle`` gets as ``context.state``."""
    return app.state
