"""Serve a fresh Flask app (new lifecycle state) through Flask's test client."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import NamedTuple

from app import create_app


class Response(NamedTuple):
    """What the tests look at in an answer."""

    status: int
    text: str


class Client:
    """Sends requests to one app through ``app.test_client()``."""

    def __init__(self) -> None:
        self._client = create_app().test_client()

    def request(
        self, method: str, path: str, headers: dict | None = None, body: bytes = b""
    ) -> Response:
        """Send one request and read the whole answer."""
        answer = self._client.open(path, method=method, headers=headers or {}, data=body)
        return Response(answer.status_code, answer.get_data(as_text=True))


@contextmanager
def app_client() -> Iterator[Client]:
    """A new app for the duration of the block."""
    yield Client()
