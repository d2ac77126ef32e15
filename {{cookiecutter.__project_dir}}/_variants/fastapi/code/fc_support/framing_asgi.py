"""Pure ASGI middleware: requests whose body framing uvicorn accepts but must not.

uvicorn (h11) reads a request with both Transfer-Encoding and Content-Length by its
chunks, then keeps the connection open and answers what follows: the bytes a proxy that
went by Content-Length took for the body would run as a second, smuggled request. It also
sets no limit on a body's size. Both are refused here, before the app, and the answer's
``Connection: close`` makes uvicorn close the connection after it.
"""

from __future__ import annotations

from typing import Any

from fc_support.settings import MAX_REQUEST_BODY


class StrictFraming:
    """Answers 400 to Transfer-Encoding with Content-Length, 413 to a body over FC's limit."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            refusal = _refusal(scope["headers"])
            if refusal is not None:
                await _refuse(send, *refusal)
                return
        await self.app(scope, receive, send)


def _refusal(headers: list[tuple[bytes, bytes]]) -> tuple[int, bytes] | None:
    chunked = length = None
    for name, value in headers:
        if name == b"transfer-encoding":
            chunked = value
        elif name == b"content-length":
            length = value
    if chunked is not None and length is not None:
        return 400, b"Transfer-Encoding and Content-Length together\n"
    # h11 has already refused a length that is not one number.
    if length is not None and int(length) > MAX_REQUEST_BODY:
        return 413, b"Request body larger than FC's 32 MB limit\n"
    return None


async def _refuse(send: Any, status: int, body: bytes) -> None:
    headers = [
        (b"content-type", b"text/plain; charset=utf-8"),
        (b"content-length", str(len(body)).encode()),
        (b"connection", b"close"),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
