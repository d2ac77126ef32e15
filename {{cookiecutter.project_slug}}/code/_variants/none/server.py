"""The HTTP server, standard library only: no dependencies, the fastest cold start.

Routes: {% if cookiecutter.initializer %}``POST /initialize`` (Initializer), {% endif %}{% if cookiecutter.pre_stop %}``GET /pre-stop`` (PreStop), {% endif %}every
other method and path is an invocation answered by ``invoke``. Started by ``bootstrap``.
"""

from __future__ import annotations

import json
import signal
import threading
import traceback
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import fc_support
import lifecycle

LIFECYCLE = fc_support.Lifecycle(lifecycle)
LIFECYCLE_ROUTES = {
{%- if cookiecutter.initializer %}
    ("POST", "/initialize"): LIFECYCLE.initialize,
{%- endif %}
{%- if cookiecutter.pre_stop %}
    ("GET", "/pre-stop"): LIFECYCLE.pre_stop,
{%- endif %}
}


def invoke(method: str, path: str, body: bytes, rid: str) -> tuple[int, dict]:
    """Answer one invocation: your function's code goes here."""
    return 200, {
        "message": lifecycle.STATE["greeting"],
        "method": method,
        "path": path,
        "bodyBytes": len(body),
        "requestId": rid,
    }


class Handler(BaseHTTPRequestHandler):
    """Dispatches every request to a lifecycle hook or to ``invoke``."""

    protocol_version = "HTTP/1.1"
    # FC keeps connections alive; without this each small response waits ~40 ms (Nagle).
    disable_nagle_algorithm = True

    def handle_one_request(self) -> None:
        """Serve one request of any method."""
        self.raw_requestline = self.rfile.readline(65537)
        if not self.raw_requestline:
            self.close_connection = True
            return
        if len(self.raw_requestline) > 65536:
            self.send_error(HTTPStatus.REQUEST_URI_TOO_LONG)
            return
        if not self.parse_request():
            return
        self.dispatch()
        self.wfile.flush()

    def dispatch(self) -> None:
        """Route the parsed request."""
        path = self.path.split("?", 1)[0]
        length = self.headers.get("Content-Length") or "0"
        if not length.isdigit():
            self.close_connection = True
            self.send(400, b"invalid Content-Length", "text/plain; charset=utf-8")
            return
        body = self.rfile.read(int(length))
        hook = LIFECYCLE_ROUTES.get((self.command, path))
        if hook is not None:
            outcome = hook(self.headers)
            self.send(outcome.status, outcome.body.encode(), "text/plain; charset=utf-8")
            return
        rid = fc_support.request_id(self.headers)
        with fc_support.invocation(rid):
            try:
                status, payload = invoke(self.command, path, body, rid)
            except Exception:  # noqa: BLE001 - one failed request must not kill the server
                fc_support.log_error(rid, traceback.format_exc())
                status, payload = 500, {"error": "internal error", "requestId": rid}
            self.send(status, json.dumps(payload).encode(), "application/json")

    def send(self, status: int, body: bytes, content_type: str) -> None:
        """Write a complete response with a Content-Length, keeping the connection open."""
        self.send_response(HTTPStatus(status))
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        """Stay quiet: FC's marker lines already record every request."""


def make_server(port: int) -> ThreadingHTTPServer:
    """Create the server on 0.0.0.0 (FC cannot reach 127.0.0.1)."""
    server = ThreadingHTTPServer(("0.0.0.0", port), Handler)
    server.daemon_threads = True
    return server


def main() -> None:
    """Serve until SIGTERM, then stop cleanly."""
    server = make_server(fc_support.listen_port())
    stop = lambda *_: threading.Thread(target=server.shutdown).start()  # noqa: E731
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    server.serve_forever()
    server.server_close()


if __name__ == "__main__":
    main()
