"""gunicorn's gthread worker, with a deadline for a request's line and headers.

gthread waits for a connection's first bytes without a thread, but then reads the rest of
the request line and headers in a thread with no time limit: a client sending its
headers slowly holds a thread, and ``instanceConcurrency`` such clients stop the instance
from answering anyone. Here the line and headers must arrive within ``HEADER_TIMEOUT``
of the first byte, or the connection is closed; the body and the answer are not limited.
"""

from __future__ import annotations

import socket
import time

from gunicorn.http.errors import NoMoreData  # type: ignore[import-untyped]
from gunicorn.workers.gthread import ThreadWorker as GThreadWorker  # type: ignore[import-untyped]

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing is not imported at run time: a worker starts in every cold start
    from typing import Any

# Generous for any client that means to send a request (FC's gateway, a browser).
HEADER_TIMEOUT = 10.0


class ThreadWorker(GThreadWorker):
    """gthread with a deadline on each request's line and headers."""

    def handle(self, conn: Any) -> Any:  # gunicorn is untyped: its TConn
        """Read the next request on ``conn`` by a deadline, then serve it as gthread does."""
        if not isinstance(conn.sock, HeaderDeadline):
            conn.sock = HeaderDeadline(conn.sock)
        conn.sock.deadline = time.monotonic() + HEADER_TIMEOUT
        return super().handle(conn)

    def handle_request(self, req: Any, conn: Any) -> Any:
        """The headers are in: the app reads the body and answers without a deadline."""
        conn.sock.deadline = None
        return super().handle_request(req, conn)


class HeaderDeadline:
    """A socket whose ``recv`` gives up at ``deadline`` (None: never), as a client gone."""

    def __init__(self, sock: socket.socket) -> None:
        self._sock = sock
        self.deadline: float | None = None

    def recv(self, size: int) -> bytes:
        """Receive up to ``size`` bytes, by the deadline if one is set."""
        if self.deadline is None:
            return self._sock.recv(size)
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise NoMoreData()
        self._sock.settimeout(remaining)
        try:
            return self._sock.recv(size)
        except TimeoutError:
            # gthread closes the connection quietly, as for a client that left.
            raise NoMoreData() from None
        finally:
            self._sock.settimeout(None)

    def __getattr__(self, name: str):
        return getattr(self._sock, name)
