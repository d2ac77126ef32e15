"""Serve a fresh FastAPI app (new lifecycle state) through FastAPI's TestClient."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import NamedTuple

from fastapi.testclient import TestClient

from app.main import create_app


class Response(NamedTuple):
    """What the tests look at in an answer."""

    status: int
    text: str


class Client:
    """Sends requests through a running TestClient (its lifespan has started)."""

    def __init__(self, client: TestClient) -> None:
        self._client = client

    def request(
        self, method: str, path: str, headers: dict | None = None, body: bytes = b""
    ) -> Response:
        """Send one request and read the whole answer."""
        answer = self._client.request(method, path, headers=headers or {}, content=body)
        return Response(answer.status_code, answer.text)


@contextmanager
def app_client() -> Iterator[Client]:
    """A new app, lifespan started, for the duration of the block."""
    with TestClient(create_app()) as client:
        yield Client(client)
