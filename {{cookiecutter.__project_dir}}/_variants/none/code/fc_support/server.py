"""A small HTTP server on the standard library, with FC's plumbing in its request handler.

Every request gets exactly one pair of ``FC Invoke Start/End`` lines, whatever answers it
(your routes, a 404, a 405, a 500), written before the answer leaves. FC's lifecycle calls
run the hooks instead, with their own markers. On SIGTERM the server stops accepting,
lets requests in flight finish (up to ``GRACE`` seconds) and returns.
"""

from __future__ import annotations

import json
import re
import signal
import socket
import sys
import threading
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote

from fc_support import http_framing, logs, settings
from fc_support.hooks import Lifecycle

# typing is not imported at run time: each module imported is paid for in every cold start.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

GRACE = 5.0  # seconds requests in flight get after SIGTERM
JSON = "application/json"
INTERNAL_ERROR = b'{"error": "Internal Server Error"}'


class Request:
    """One request as a route sees it."""

    __slots__ = ("method", "path", "query_string", "headers", "body", "state", "request_id")

    def __init__(self, handler: Handler, path: str, query: str, body: bytes, rid: str) -> None:
        self.method = handler.command
        self.path = path
        self.query_string = query
        self.headers = handler.headers
        self.body = body
        self.state = handler.server.lifecycle.state
        self.request_id = rid

    @property
    def query(self) -> dict[str, list[str]]:
        """The query string's parameters, each with its list of values."""
        return parse_qs(self.query_string)

    def json(self) -> Any:
        """The body parsed as JSON; raises ``BadRequest`` when it is not JSON."""
        try:
            return json.loads(self.body)
        except ValueError:
            raise BadRequest("the body is not JSON") from None


class Reply:
    """A payload with extra response headers: a route returns ``(status, Reply(...))``."""

    __slots__ = ("payload", "headers")

    def __init__(self, payload: Any, headers: dict[str, str]) -> None:
        self.payload = payload
        self.headers = headers


class BadRequest(Exception):
    """Raise from a route to answer 400 with this message."""


Route = Callable[..., tuple[int, object]]


class Router:
    """Maps (method, path pattern) to routes; ``{name}`` in a pattern is one path segment."""

    def __init__(self, routes: list[tuple[str, str, Route]]) -> None:
        self._exact = {(m, p): view for m, p, view in routes if "{" not in p}
        self._routes = [
            (method, re.compile(re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", pattern) + r"\Z"), view)
            for method, pattern, view in routes
        ]

    def find(self, method: str, path: str) -> tuple[int, Route | None, dict]:
        """Return (200, route, params), or (404 or 405, None, {})."""
        view = self._exact.get((method, path))
        if view is not None:
            return 200, view, {}
        status = 404
        for allowed, pattern, view in self._routes:
            found = pattern.match(path)
            if found is None:
                continue
            if allowed == method or (method == "HEAD" and allowed == "GET"):
                return 200, view, {k: unquote(v) for k, v in found.groupdict().items()}
            status = 405
        return status, None, {}


class Handler(BaseHTTPRequestHandler):
    """Parses each request, answers FC's lifecycle calls, routes the rest."""

    protocol_version = "HTTP/1.1"
    # FC keeps connections alive; without this each small response waits ~40 ms (Nagle).
    disable_nagle_algorithm = True
    # A buffered writer, flushed once per request: an answer's head and body leave in one
    # send() (one TCP segment when small) instead of one for each.
    wbufsize = -1
    server: Server  # pyright: ignore[reportIncompatibleVariableOverride] - always ours
    body = b""

    def handle_one_request(self) -> None:
        """Serve one request of any method."""
        try:
            self.raw_requestline = self.rfile.readline(http_framing.MAX_REQUEST_LINE + 1)
        except OSError:
            self.raw_requestline = b""
        if not self.raw_requestline:
            self.close_connection = True
            return
        self.server.busy(self.connection, True)
        try:
            if len(self.raw_requestline) > http_framing.MAX_REQUEST_LINE:
                self.refuse(http_framing.FramingError(414, "the request line is too long"))
                return
            if self.parse_request():
                body = self.read_body()
                if body is not None:
                    self.body = body
                    self.dispatch()
            self.wfile.flush()  # the answer, or parse_request's refusal
        finally:
            self.close_connection |= self.server.stopping.is_set()
            self.server.busy(self.connection, False)

    def read_body(self) -> bytes | None:
        """The request's body; None once a refused one is answered or the client left."""
        try:
            return http_framing.read_body(self.rfile, self.framing())
        except http_framing.FramingError as error:
            self.refuse(error)
        except (EOFError, OSError):
            self.close_connection = True
        return None

    def framing(self) -> int | None:
        """The body's length, None when chunked; raises ``http_framing.FramingError``."""
        return http_framing.body_length(lambda name: self.headers.get_all(name) or [])

    def handle_expect_100(self) -> bool:
        """Send ``100 Continue`` only for a body that will be read (not one refused)."""
        try:
            self.framing()
        except http_framing.FramingError:
            return True  # read_body answers the refusal; the client sends no body
        go_on = super().handle_expect_100()
        self.wfile.flush()  # the client waits for this line before it sends the body
        return go_on

    def refuse(self, error: http_framing.FramingError) -> None:
        """Answer a refused request, then close: where its body ends is unknown."""
        # Set by parse_request, which a too-long request line never reaches.
        self.command = getattr(self, "command", None) or ""
        self.requestline = getattr(self, "requestline", "")
        self.request_version = getattr(self, "request_version", "HTTP/1.1")
        self.send_error(error.status, explain=str(error))  # adds Connection: close
        self.wfile.flush()
        http_framing.linger(self.connection)

    def dispatch(self) -> None:
        """Run a lifecycle hook, or a route between FC's marker lines."""
        path, _, query = self.path.partition("?")
        body = self.body
        header = self.header
        hook = self.server.lifecycle.hook_for(self.command, path, header)
        if hook is not None:
            status, text = self.server.lifecycle.run(hook, header)
            self.send(status, text.encode(), "text/plain; charset=utf-8")
            return
        rid = logs.request_id(header)
        logs.marker("Invoke", "Start", rid)
        try:
            answer = self.reply(path, query, body, rid, header)
        finally:
            # Before the answer: FC may freeze the instance once the answer is complete.
            logs.marker("Invoke", "End", rid)
        self.send(*answer)

    def reply(
        self, path: str, query: str, body: bytes, rid: str, header: logs.Header
    ) -> tuple[int, bytes, str, dict[str, str]]:
        """Route one request and encode its answer. Any failure on the way (a route raising,
        a return value that is not ``(status, payload)``, a payload JSON cannot encode, a bad
        status or header) is logged with its traceback, masked, and answered 500."""
        try:
            status, payload = self.answer(Request(self, path, query, body, rid), header)
            extra: dict[str, str] = payload.headers if isinstance(payload, Reply) else {}
            payload = payload.payload if isinstance(payload, Reply) else payload
            data, content_type = _encode(payload)
            return _status(status), data, content_type, _checked(extra)
        except Exception as error:  # noqa: BLE001 - every request gets an answer
            logs.log_exception(rid, error, logs.header_secrets(header))
            return 500, INTERNAL_ERROR, JSON, {}

    def answer(self, request: Request, header: logs.Header) -> tuple[int, Any]:
        """Route ``request``; a failing route is logged (secrets masked) and answered 500."""
        status, view, params = self.server.router.find(request.method, request.path)
        if view is None:
            return status, {"error": HTTPStatus(status).phrase}
        try:
            return view(request, **params)
        except BadRequest as error:
            return 400, {"error": str(error)}
        except Exception as error:  # noqa: BLE001 - one failed request must not kill the server
            logs.log_exception(request.request_id, error, logs.header_secrets(header))
            return 500, {"error": "Internal Server Error"}

    def header(self, name: str) -> str:
        """One request header by name, its values joined by commas if it came more than
        once (as gunicorn and WSGI join them); "" when it is missing."""
        return ",".join(self.headers.get_all(name) or ())

    def send(self, status: int, body: bytes, content_type: str, extra: dict | None = None) -> None:
        """Write a complete response with a Content-Length, keeping the connection open."""
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        """Stay quiet: FC's marker lines already record every request."""


class Server(ThreadingHTTPServer):
    """One FC instance: the HTTP server, its routes and the lifecycle state they share."""

    # FC sends up to 200 requests at once (instanceConcurrency): a burst of new
    # connections must wait in the queue, not be dropped into SYN retries.
    request_queue_size = 1024
    # drain() waits for requests in flight, up to GRACE; a request still running after
    # that does not keep the process from exiting.
    daemon_threads = True

    def __init__(
        self, port: int, routes: list[tuple[str, str, Route]], state: Any, host: str = "0.0.0.0"
    ) -> None:
        # 0.0.0.0 by default: FC cannot reach a server bound to 127.0.0.1.
        super().__init__((host, port), Handler)
        self.router = Router(routes)
        self.lifecycle = Lifecycle(state)
        self.stopping = threading.Event()
        self.idle: set[socket.socket] = set()
        self._busy = 0
        self._changed = threading.Condition(threading.Lock())  # never re-entered

    def process_request(self, request: Any, client_address: Any) -> None:
        """Track each connection from the start: idle until its first request arrives."""
        with self._changed:
            self.idle.add(request)
        super().process_request(request, client_address)

    def busy(self, connection: socket.socket, busy: bool) -> None:
        """Note that ``connection`` started or finished a request."""
        with self._changed:
            self._busy += 1 if busy else -1
            if busy:
                self.idle.discard(connection)
            elif not self.stopping.is_set():
                self.idle.add(connection)
            else:
                self._changed.notify_all()  # drain() is waiting

    def shutdown_request(self, request: Any) -> None:
        with self._changed:
            self.idle.discard(request)
        super().shutdown_request(request)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Log what escaped a handler (any exception class) masked, in FC's format."""
        error = sys.exc_info()[1]
        if error is not None:
            logs.log_exception("-", error)

    def drain(self, grace: float = GRACE) -> None:
        """Stop serving: close idle connections, wait for requests in flight to finish."""
        self.stopping.set()
        with self._changed:
            for connection in list(self.idle):
                try:
                    connection.shutdown(socket.SHUT_RD)  # its handler reads EOF and ends
                except OSError:
                    pass
            self._changed.wait_for(lambda: self._busy == 0, timeout=grace)


def serve(routes: list[tuple[str, str, Route]], state: Any) -> None:
    """Serve on FC's port until SIGTERM (or Ctrl-C), then drain and return."""
    server = Server(settings.listen_port(), routes, state)
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
    signal.signal(signal.SIGINT, lambda *_: threading.Thread(target=server.shutdown).start())
    logs.mask_output()
    server.serve_forever()
    server.drain()
    logs.end_open()  # requests still running after GRACE: their End line, before exit
    server.server_close()


def _status(status: int) -> int:
    """``status`` as a plain int, refused (ValueError) when it is not an HTTP status."""
    if type(status) is int and status in _STATUSES:  # the common case, without the enum
        return status
    return HTTPStatus(status).value


_STATUSES = frozenset(HTTPStatus)


def _checked(headers: dict[str, str]) -> dict[str, str]:
    """A route's extra response headers, refused when one could break the answer's framing."""
    for name, value in headers.items():
        if not (isinstance(name, str) and isinstance(value, str)):
            raise TypeError(f"response header {name!r}: names and values must be str")
        if any(ch in name + value for ch in "\r\n\0"):
            raise ValueError(f"response header {name!r}: line breaks are not allowed")
    return headers


def _encode(payload: Any) -> tuple[bytes, str]:
    if isinstance(payload, bytes):
        return payload, "application/octet-stream"
    if isinstance(payload, str):
        return payload.encode(), "text/plain; charset=utf-8"
    return json.dumps(payload).encode(), "application/json"
