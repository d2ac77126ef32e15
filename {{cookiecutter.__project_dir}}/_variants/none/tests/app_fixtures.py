"""The server on a free loopback port, and a small client for it; one new server per test."""

from __future__ import annotations

import http.client
import json
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from fc_support.server import Server
from routes import ROUTES

# The exit status of bootstrap's server after SIGTERM once it has drained (test_contract.py).
CLEAN_STOP_STATUS = 0


class Response:
    """One answer: ``status_code``, ``headers``, ``content`` and ``json()``."""

    def __init__(self, answer: http.client.HTTPResponse) -> None:
        self.status_code = answer.status
        self.headers = answer.headers
        self.content = answer.read()

    def json(self) -> Any:
        return json.loads(self.content)


class Client:
    """Sends requests to one running server, a new connection each."""

    def __init__(self, port: int) -> None:
        self.port = port

    def request(
        self,
        method: str,
        path: str,
        *,
        headers: dict | None = None,
        body: bytes = b"",
        json_body: Any = None,
    ) -> Response:
        """Send one request and read the whole answer."""
        headers = dict(headers or {})
        if json_body is not None:
            body = json.dumps(json_body).encode()
            headers["Content-Type"] = "application/json"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(method, path, body=body or None, headers=headers)
            return Response(connection.getresponse())
        finally:
            connection.close()

    def get(self, path: str, **kwargs: Any) -> Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> Response:
        return self.request("POST", path, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> Response:
        return self.request("DELETE", path, **kwargs)


{% with routes = "routes", where = "in ``request.state``" %}{% include "tests/resources-fixture.py" %}{% endwith %}

@pytest.fixture
def app(resources: dict) -> Iterator[Server]:
    """A new server on a free loopback port, its shared state holding ``resources``."""
    server = Server(0, ROUTES, state=dict(resources), host="127.0.0.1")
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.drain()
    server.server_close()


@pytest.fixture
def client(app: Server) -> Client:
    """A client for ``app``."""
    return Client(app.server_address[1])
