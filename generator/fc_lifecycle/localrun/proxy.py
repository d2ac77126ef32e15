"""The local front door: forwards requests to an instance as FC's HTTP trigger does."""

from __future__ import annotations

import http.client
import socket
import threading
import time
from collections.abc import Callable
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from fc_lifecycle.i18n import _
from fc_lifecycle.localrun import events, fc_answers
from fc_lifecycle.localrun.billing import InvocationReport
from fc_lifecycle.localrun.config import Function
from fc_lifecycle.localrun.fc_answers import Answer
from fc_lifecycle.localrun.fc_calls import fc_headers
from fc_lifecycle.localrun.pool import Pool, Slot
from fc_template import facts

HOP_BY_HOP = {"connection", "keep-alive", "proxy-connection", "te", "trailer", "upgrade",
              "transfer-encoding"}  # fmt: skip
TIMEOUTS = (socket.timeout, TimeoutError)  # the same class from Python 3.10 on
INVOCATION_TYPE = "x-fc-invocation-type"  # the one x-fc- header a client may send: Sync, Async


class BodyError(Exception):
    """The client's body cannot be read as sent (bad chunked framing, over FC's limit)."""


def framing_error(headers: Message) -> tuple[int, str] | None:
    """Why a request's framing is ambiguous (RFC 9112 section 6), as a status and a reason,
    or None. If two readers of the same bytes could disagree on where the body ends, the
    rest of the body could run as a second, smuggled request; the generated servers refuse
    the same requests (their ``fc_support/http_framing.py``)."""
    codings = headers.get_all("Transfer-Encoding") or []
    lengths = [value.strip() for value in headers.get_all("Content-Length") or []]
    if codings and lengths:
        return 400, "Transfer-Encoding and Content-Length together"
    names = [name.strip().lower() for value in codings for name in value.split(",")]
    if names and names[-1] != "chunked":
        return 400, "Transfer-Encoding does not end in chunked"
    if names and names != ["chunked"]:
        return 501, "only the chunked transfer coding is supported"
    if len(lengths) > 1:
        return 400, "more than one Content-Length"
    # isdigit() alone takes digits of other scripts, and int() takes signs and "_".
    if lengths and not (lengths[0].isascii() and lengths[0].isdigit()):
        return 400, "invalid Content-Length"
    return None


class Proxy(ThreadingHTTPServer):
    """Accepts requests on ``listen`` and forwards each to an instance of the pool."""

    daemon_threads = True

    def __init__(
        self,
        listen: tuple[str, int],
        function: Function,
        pool: Pool,
        say: Callable[[str], None],
        report: Callable[[Slot | None, str, int, float], InvocationReport],
        stopping: Callable[[], bool],
        on_request: Callable[[int], None] = lambda status: None,
    ) -> None:
        super().__init__(listen, Handler)
        self.function = function
        self.pool = pool
        self.say = say
        self.report = report
        self.stopping = stopping
        self.on_request = on_request
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
        """Check the request against FC's rules, send it to an instance, relay the answer."""
        framing = framing_error(self.headers)
        if framing is not None:
            return self._refuse(framing[1], framing[0])
        length = int(self.headers.get("Content-Length") or 0)
        over = fc_answers.request_over_limits(self.path, list(self.headers.items()), length)
        if over is not None:
            self._send(over)
            return
        reserved = {k.lower() for k in self.headers if k.lower().startswith("x-fc-")}
        if reserved - {INVOCATION_TYPE}:
            names = sorted(reserved - {INVOCATION_TYPE})
            return self._refuse(f"headers starting with x-fc- are reserved by FC: {names}")
        kind = self.headers.get(INVOCATION_TYPE, "Sync").strip().lower()
        if kind not in ("sync", "async"):
            return self._refuse("X-Fc-Invocation-Type: must be Sync or Async")
        if kind == "async" and length > fc_answers.MAX_ASYNC_BODY:
            self._send(fc_answers.too_large(fc_answers.MAX_ASYNC_BODY))
            return
        event = self.server.function.event
        if event and self.command != "POST":
            return self._refuse("an event function takes POST: the body is the event", 405)
        try:
            body = self._body(length)
        except BodyError as error:
            return self._refuse(str(error))
        if kind == "async" and len(body) > fc_answers.MAX_ASYNC_BODY:  # a chunked body
            self._send(fc_answers.too_large(fc_answers.MAX_ASYNC_BODY))
            return
        headers = {
            k: v for k, v in self.headers.items()
            if k.lower() not in HOP_BY_HOP and k.lower() != INVOCATION_TYPE
        }  # fmt: skip
        headers["Content-Length"] = str(len(body))
        fc = events.headers(self.server.function) if event else None
        fc = fc or fc_headers(self.server.function, "/http-invoke")
        headers = {k: v for k, v in headers.items() if not (event and k.lower() == "content-type")}
        rid = fc["x-fc-request-id"]
        path = facts.INVOKE_PATH if event else self.path
        if kind == "async":
            # FC answers at once and runs the invocation later; the caller never sees its answer.
            self._send(Answer(202, b"", {"X-Fc-Request-Id": rid}))
            call = (rid, self.command, path, headers | fc, body)
            threading.Thread(target=self._run_async, args=call, daemon=True).start()
            return
        begin = time.monotonic()
        self.server.say(f"FC Invoke Start RequestId: {rid} {self.command} {path}")
        got = self.server.pool.acquire(self.server.stopping)
        slot = got if isinstance(got, Slot) else None
        started = time.monotonic()  # the timeout and the bill count from here, not the queue
        try:
            if isinstance(got, Answer):
                status = self._send(got)
            else:
                status = self._relay(got, path, headers | fc, body, started)
            seconds = time.monotonic() - started
            took = (time.monotonic() - begin) * 1000
            self.server.say(f"FC Invoke End RequestId: {rid} status={status} {took:.1f} ms")
            self.server.report(slot, rid, status, seconds)
        finally:
            if slot is not None:
                self.server.pool.release(slot)  # then a freeze, and its PreStop, may follow
        self.server.on_request(status)

    def _run_async(self, rid: str, method: str, path: str, headers: dict, body: bytes) -> None:
        self.server.say(f"FC Invoke Start RequestId: {rid} {method} {path} (asynchronous)")
        got = self.server.pool.acquire(self.server.stopping)
        slot = got if isinstance(got, Slot) else None
        started = time.monotonic()
        try:
            status = (
                got.status
                if isinstance(got, Answer)
                else self._call(got, method, path, headers, body)
            )
            seconds = time.monotonic() - started
            self.server.say(f"FC Invoke End RequestId: {rid} status={status} (asynchronous)")
            self.server.report(slot, rid, status, seconds)
        finally:
            if slot is not None:
                self.server.pool.release(slot)
        self.server.on_request(status)

    def _call(self, slot: Slot, method: str, path: str, headers: dict, body: bytes) -> int:
        """One invocation whose answer nobody reads (asynchronous); return its status."""
        timeout = self.server.function.timeout
        connection = http.client.HTTPConnection("127.0.0.1", slot.instance.port, timeout=timeout)
        try:
            connection.request(method, path, body=body, headers=headers)
            answer = connection.getresponse()
            answer.read()
            return 502 if self.server.pool.over_memory(slot) else answer.status
        except TIMEOUTS:
            self.server.say(
                _("the request ran past the function's timeout (%(timeout)s s)")
                % {"timeout": timeout}
            )
            self.server.pool.timed_out(slot)
            return 502
        except (OSError, http.client.HTTPException):
            return 502
        finally:
            connection.close()

    def _relay(self, slot: Slot, path: str, headers: dict, body: bytes, begin: float) -> int:
        deadline = begin + self.server.function.timeout
        for attempt in (1, 2):
            reused = getattr(self.server.local, "connection", None) is not None
            try:
                connection = self._connection(slot.instance.port, deadline)
                connection.request(self.command, path, body=body, headers=headers)
                answer = connection.getresponse()
                break
            except TIMEOUTS:
                return self._timed_out(slot)
            except (OSError, http.client.HTTPException) as error:
                self.server.local.connection = None
                if slot.retired or not slot.instance.alive():
                    took = (time.monotonic() - begin) * 1000
                    return self._send(fc_answers.process_exited(took, slot.peak / 2**20))
                if not (reused and attempt == 1):  # a kept-alive connection may have closed
                    return self._send(
                        fc_answers.error(
                            502, "FcCommonError", f"the instance did not answer: {error}"
                        )
                    )
        if self.server.pool.over_memory(slot):  # FC would have ended it before this answer
            self.server.local.connection = None
            connection.close()
            took = (time.monotonic() - begin) * 1000
            return self._send(fc_answers.process_exited(took, slot.peak / 2**20))
        over = fc_answers.response_over_limits(answer.getheaders())
        if over is not None:
            self.server.local.connection = None
            connection.close()
            return self._send(over)
        self.send_response_only(answer.status, answer.reason)  # the instance's Date, Server
        for key, value in answer.getheaders():
            if key.lower() not in HOP_BY_HOP and key.lower() != "content-length":
                self.send_header(key, value)
        try:
            self._stream(answer, deadline)
        except TIMEOUTS:
            self.close_connection = True  # the status line is sent: only cutting it short says so
            self.server.local.connection = None
            self._timed_out(slot, answered=True)
        return answer.status

    def _timed_out(self, slot: Slot, answered: bool = False) -> int:
        self.server.local.connection = None
        timeout = self.server.function.timeout
        self.server.say(
            _("the request ran past the function's timeout (%(timeout)s s)") % {"timeout": timeout}
        )
        self.server.pool.timed_out(slot)
        if answered:
            return 502
        return self._send(fc_answers.timed_out(timeout))

    def _stream(self, answer: http.client.HTTPResponse, deadline: float) -> None:
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
            if time.monotonic() > deadline:
                raise TimeoutError
        self.wfile.write(b"0\r\n\r\n")

    def _connection(self, port: int, deadline: float) -> http.client.HTTPConnection:
        connection = getattr(self.server.local, "connection", None)
        timeout = max(0.01, deadline - time.monotonic())
        if connection is None or connection.port != port:
            if connection is not None:
                connection.close()  # kept alive to an instance this thread no longer uses
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
            self.server.local.connection = connection
        elif connection.sock is not None:
            connection.sock.settimeout(timeout)
        connection.timeout = timeout
        return connection

    def _body(self, length: int) -> bytes:
        """The body: ``length`` bytes, or a chunked one (its length measured as it is read)."""
        if "Transfer-Encoding" not in self.headers:
            return self.rfile.read(length)
        parts: list[bytes] = []
        total = 0
        while True:
            digits = self.rfile.readline(1024).split(b";")[0].strip(b" \t\r\n")
            # int(x, 16) takes "0x", "_" and signs; a chunk size is hex digits only.
            if not digits or len(digits) > 16 or digits.strip(b"0123456789abcdefABCDEF"):
                raise BodyError("a chunked body with a bad chunk size")
            size = int(digits, 16)
            total += size
            if total > fc_answers.MAX_BODY:
                raise BodyError(f"body over FC's {fc_answers.MAX_BODY} bytes")
            if size == 0:
                while self.rfile.readline(1024) not in (b"\r\n", b"\n", b""):
                    pass  # trailers
                return b"".join(parts)
            parts.append(self.rfile.read(size))
            if self.rfile.readline(3) != b"\r\n":
                raise BodyError("a chunk does not end where its size says")

    def _send(self, answer: Answer) -> int:
        self.send_response(answer.status)
        for key, value in answer.headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(answer.body)))
        if answer.close:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        self.wfile.write(answer.body)
        return answer.status

    def _refuse(self, message: str, status: int = 400) -> None:
        """Refuse without reading the body: the connection is closed, so that body is
        never read as the next request."""
        data = (message + "\n").encode()
        headers = {"Content-Type": "text/plain; charset=utf-8"}
        self._send(Answer(status, data, headers, close=True))

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        """Quiet: the Invoke lines say what happened."""
