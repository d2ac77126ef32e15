"""The local front door: forwards requests to the instance as FC's HTTP trigger does."""

from __future__ import annotations

import http.client
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from fc_lifecycle.localrun import events
from fc_lifecycle.localrun.config import Function
from fc_lifecycle.localrun.fc_calls import fc_headers
from fc_template import facts

HOP_BY_HOP = {"connection", "keep-alive", "proxy-connection", "te", "trailer", "upgrade",
              "transfer-encoding"}  # fmt: skip


class Proxy(ThreadingHTTPServer):
    """Accepts requests on ``listen`` and forwards them to the instance's port."""

    daemon_threads = True

    def __init__(
        self,
        listen: tuple[str, int],
        function: Function,
        instance_port: Callable[[], int],
        say: Callable[[str], None],
        on_request: Callable[[int], None] = lambda status: None,
    ) -> None:
        super().__init__(listen, Handler)
        self.function = function
        self.instance_port = instance_port
        self.say = say
        self.on_request = on_request
        # FC sends an instance at most instanceConcurrency requests at once; others wait.
        self.slots = threading.BoundedSemaphore(function.concurrency)
        self.local = threading.local()


class Handler(BaseHTTPRequestHandler):
    """Forwards one request: FC's headers added, x-fc-* from the client refused."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    server: Proxy

    def handle_one_request(self) -> None:
        """Serve any method."""
        self.raw_requestline = self.rfile.readline(65537)
        if not self.raw_requestline:
            self.close_connection = True
            return
        if self.parse_request():
            self.forward()

    def forward(self) -> None:
        """Send the request on to the instance and stream the answer back."""
        reserved = sorted({k.lower() for k in self.headers if k.lower().startswith("x-fc-")})
        if reserved:
            return self._refuse(f"headers starting with x-fc- are reserved by FC: {reserved}")
        event = self.server.function.event
        if event and self.command != "POST":
            return self._refuse("an event function takes POST: the body is the event", 405)
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
        headers["Content-Length"] = str(len(body))
        fc = events.headers(self.server.function) if event else None
        fc = fc or fc_headers(self.server.function, "/http-invoke")
        headers = {k: v for k, v in headers.items() if not (event and k.lower() == "content-type")}
        rid = fc["x-fc-request-id"]
        path = facts.INVOKE_PATH if event else self.path
        with self.server.slots:
            begin = time.monotonic()
            self.server.say(f"FC Invoke Start RequestId: {rid} {self.command} {path}")
            status = self._relay(path, headers | fc, body)
            took = (time.monotonic() - begin) * 1000
            self.server.say(f"FC Invoke End RequestId: {rid} status={status} {took:.1f} ms")
        self.server.on_request(status)

    def _relay(self, path: str, headers: dict, body: bytes) -> int:
        timeout = self.server.function.timeout + 5
        for attempt in (1, 2):
            reused = getattr(self.server.local, "connection", None) is not None
            try:
                connection = self._connection(timeout)
                connection.request(self.command, path, body=body, headers=headers)
                answer = connection.getresponse()
                break
            except (OSError, http.client.HTTPException) as error:
                self.server.local.connection = None
                if not (reused and attempt == 1):  # a kept-alive connection may have closed
                    self._refuse(f"the instance did not answer: {error}", status=502)
                    return 502
        self.send_response_only(answer.status, answer.reason)  # the instance's Date, Server
        for key, value in answer.getheaders():
            if key.lower() not in HOP_BY_HOP and key.lower() != "content-length":
                self.send_header(key, value)
        self._stream(answer)
        return answer.status

    def _stream(self, answer: http.client.HTTPResponse) -> None:
        length = answer.getheader("Content-Length")
        if length is not None or self.command == "HEAD":
            data = answer.read()
            self.send_header("Content-Length", length or "0")
            self.end_headers()
            self.wfile.write(b"" if self.command == "HEAD" else data)
            return
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        while chunk := answer.read1(65536):
            self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            self.wfile.flush()
        self.wfile.write(b"0\r\n\r\n")

    def _connection(self, timeout: float) -> http.client.HTTPConnection:
        connection = getattr(self.server.local, "connection", None)
        port = self.server.instance_port()
        if connection is None or connection.port != port:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
            self.server.local.connection = connection
        return connection

    def _refuse(self, message: str, status: int = 400) -> None:
        data = (message + "\n").encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        """Quiet: the Invoke lines say what happened."""
