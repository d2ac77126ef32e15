"""Where a request's body ends: HTTP/1.1 message framing (RFC 9112 section 6), strictly.

A request whose framing is ambiguous is refused and its connection closed: if two
readers of the same bytes (a proxy in front, this server) could disagree on where the
body ends, the rest of the body could run as a second, smuggled request.
"""

from __future__ import annotations

import socket

from fc_support.settings import MAX_REQUEST_BODY

# typing is not imported at run time: each module imported is paid for in every cold start.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from io import BufferedIOBase

# The request line: FC passes paths (query included) of at most 4 KB; twice that is room
# for the method and version with margin, and a 70 KB line is refused with 414.
MAX_REQUEST_LINE = 8192
# One chunk-size line or trailer line of a chunked body, and how many trailer lines.
MAX_CHUNK_LINE = 1024
MAX_TRAILERS = 32
# After refusing a request, how long and how much of the rest is read and dropped before
# closing: closing a socket with unread input sends a reset, which can destroy the answer
# before the client reads it.
LINGER_SECONDS = 2.0
LINGER_BYTES = 1024 * 1024


class FramingError(Exception):
    """The request's framing is refused; ``status`` is the answer (the connection closes)."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status


def body_length(values: Callable[[str], list[str]]) -> int | None:
    """The body's length from the request's headers; None for a chunked body.

    ``values(name)`` returns every value of header ``name`` as received. Raises
    ``FramingError``: 400 for Transfer-Encoding with Content-Length, a repeated or
    non-numeric Content-Length, or a Transfer-Encoding not ending in chunked; 501 for a
    transfer coding other than chunked; 413 for a length over ``MAX_REQUEST_BODY``.
    """
    codings = values("Transfer-Encoding")
    lengths = values("Content-Length")
    if codings:
        if lengths:
            raise FramingError(400, "Transfer-Encoding and Content-Length together")
        names = [name.strip().lower() for value in codings for name in value.split(",")]
        if names[-1] != "chunked":
            raise FramingError(400, "Transfer-Encoding does not end in chunked")
        if names != ["chunked"]:
            raise FramingError(501, "only the chunked transfer coding is supported")
        return None
    if not lengths:
        return 0
    if len(lengths) > 1:
        raise FramingError(400, "more than one Content-Length")
    value = lengths[0].strip()
    # isdigit() alone accepts digits of other scripts ("²", "٣"), which int() may not.
    if not (value.isascii() and value.isdigit()):
        raise FramingError(400, "invalid Content-Length")
    length = int(value)
    if length > MAX_REQUEST_BODY:
        raise FramingError(413, "the body is larger than FC's 32 MB limit")
    return length


def read_body(rfile: BufferedIOBase, length: int | None) -> bytes:
    """Read a body of ``length`` bytes, or a chunked one (``None``); raise ``FramingError``.

    An incomplete body (the client left) raises ``EOFError``: there is no one to answer.
    """
    if length is None:
        return read_chunked(rfile)
    body = rfile.read(length) if length else b""
    if len(body) < length:
        raise EOFError("the client left before sending the whole body")
    return body


def read_chunked(rfile: BufferedIOBase, limit: int = MAX_REQUEST_BODY) -> bytes:
    """Read a chunked body up to ``limit`` bytes, trailers dropped; raise ``FramingError``."""
    pieces: list[bytes] = []
    size = 0
    while True:
        chunk = _chunk_size(_line(rfile))
        if chunk == 0:
            break
        size += chunk
        if size > limit:
            raise FramingError(413, "the body is larger than FC's 32 MB limit")
        piece = rfile.read(chunk)
        if len(piece) < chunk:
            raise EOFError("the client left inside a chunk")
        pieces.append(piece)
        if _line(rfile) != b"":
            raise FramingError(400, "a chunk does not end where its size says")
    for _ in range(MAX_TRAILERS + 1):
        if _line(rfile) == b"":
            return b"".join(pieces)
    raise FramingError(431, "too many trailer fields")


def _line(rfile: BufferedIOBase) -> bytes:
    """One CRLF-ended line without its CRLF; raise on a long, bare-LF or missing line."""
    line = rfile.readline(MAX_CHUNK_LINE + 1)
    if not line:
        raise EOFError("the client left inside a chunked body")
    if len(line) > MAX_CHUNK_LINE or not line.endswith(b"\r\n"):
        raise FramingError(400, "invalid line in a chunked body")
    return line[:-2]


def _chunk_size(line: bytes) -> int:
    digits = line.split(b";", 1)[0].strip(b" \t")
    # int(x, 16) accepts "0x", "_" and signs; a chunk size is hex digits only.
    if not digits or len(digits) > 16 or digits.strip(b"0123456789abcdefABCDEF"):
        raise FramingError(400, "invalid chunk size")
    return int(digits, 16)


def linger(connection: socket.socket) -> None:
    """Close our side, then drop what the client still sends, briefly, before closing."""
    try:
        connection.shutdown(socket.SHUT_WR)
        connection.settimeout(LINGER_SECONDS)
        dropped = 0
        while dropped < LINGER_BYTES:
            data = connection.recv(65536)
            if not data:
                return
            dropped += len(data)
    except OSError:
        pass
