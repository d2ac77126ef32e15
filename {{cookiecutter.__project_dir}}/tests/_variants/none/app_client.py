"""Serve a fresh instance of the standard-library server on a loopback port, in a thread."""

from __future__ import annotations

import http.client
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NamedTuple

import server


class Response(NamedTuple):
    """What the tests look at in an answer."""

    status: int
    text: str


class Client:
    """Sends requests to one running server."""

    def __init__(self, port: int) -> None:
        self.port = port

    def request(
        self, method: str, path: str, headers: dict | None = None, body: bytes = b""
    ) -> Response:
        """Send one request on a new connection and read the whole answer."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(method, path, body=body or None, headers=headers or {})
            answer = connection.getresponse()
            return Response(answer.status, answer.read().decode())
        finally:
            connection.close()


@contextmanager
def app_client() -> Iterator[Client]:
    """Run a new server (new lifecycle state) for the duration of the block."""
    instance = server.Server(0, host="127.0.0.1")
    thread = threading.Thread(target=instance.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield Client(instance.server_address[1])
    finally:
        instance.shutdown()
        instance.server_close()
