"""Bare standard-library reference: ``ThreadingHTTPServer``, the two routes, nothing else.

It uses the same server settings as the ``none`` variant (HTTP/1.1 keep-alive, Nagle off,
daemon threads, no access log, the same listen backlog) and GET / answers the variant's
example JSON, so a ratio against it measures only FC's plumbing.
"""

import json
import os
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import bare_markers


class Handler(BaseHTTPRequestHandler):
    """POST /initialize and GET /."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        """Answer FC's Initializer with 200."""
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.answer(200 if self.path == "/initialize" else 404, b"OK")

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        """Answer an invocation with the variant's example body."""
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        rid = self.headers.get("x-fc-request-id") or ""
        bare_markers.write("Start", rid)
        payload = {"message": "Hello from Function Compute"}
        data = json.dumps(payload).encode()
        bare_markers.write("End", rid)
        self.answer(200 if self.path == "/" else 404, data)

    def answer(self, status: int, body: bytes) -> None:
        """Send a complete response, keeping the connection open."""
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        """No access log, like the variant."""


class Server(ThreadingHTTPServer):
    """Threads that do not keep the process alive, like the variant."""

    daemon_threads = True
    request_queue_size = 1024


if __name__ == "__main__":
    Server(("0.0.0.0", int(os.environ.get("FC_CUSTOM_LISTEN_PORT", 9000))), Handler).serve_forever()
