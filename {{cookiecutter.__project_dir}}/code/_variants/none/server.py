"""The HTTP server, standard library only: no dependencies, the fastest cold start.

Routes: {% if cookiecutter.initializer %}``POST /initialize`` (Initializer), {% endif %}{% if cookiecutter.pre_stop %}``GET /pre-stop`` (PreStop), {% endif %}every
other method and path is an invocation answered by ``invoke``. Started by ``bootstrap``.
"""

from __future__ import annotations

import json
import signal
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import fc_support
import lifecycle


def lifecycle_routes(instance: fc_support.Lifecycle) -> dict:
    """Map (method, path) of each enabled lifecycle hook to its handler."""
    return {
{%- if cookiecutter.initializer %}
        ("POST", "/initialize"): instance.initialize,
{%- endif %}
{%- if cookiecutter.pre_stop %}
        ("GET", "/pre-stop"): instance.pre_stop,
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
        hook = self.server.routes.get((self.command, path))
        if hook is not None:
            outcome = hook(self.headers)
            self.send(outcome.status, outcome.body.encode(), "text/plain; charset=utf-8")
            return
        rid = fc_support.request_id(self.headers)
        # The End marker is written before the answer: FC may freeze the instance as soon
        # as the answer is complete, and a line written after that is lost.
        with fc_support.invocation(rid):
            try:
                status, payload = invoke(self.command, path, body, rid)
            except Exception:  # noqa: BLE001 - one failed request must not kill the server
                import traceback  # loaded on the first failure, not at every cold start

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


class Server(ThreadingHTTPServer):
    """One FC instance: the HTTP server and the lifecycle state it serves."""

    daemon_threads = True

    def __init__(self, port: int, host: str = "0.0.0.0") -> None:
        # 0.0.0.0 by default: FC cannot reach a server bound to 127.0.0.1.
        super().__init__((host, port), Handler)
        self.routes = lifecycle_routes(fc_support.Lifecycle(lifecycle))


def main() -> None:
    """Serve until SIGTERM, then stop cleanly."""
    server = Server(fc_support.listen_port())
    stop = lambda *_: threading.Thread(target=server.shutdown).start()  # noqa: E731
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    server.serve_forever()
    server.server_close()


if __name__ == "__main__":
    main()
