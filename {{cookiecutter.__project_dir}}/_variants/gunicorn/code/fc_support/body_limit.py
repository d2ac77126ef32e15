"""WSGI middleware for gunicorn: a body over FC's limit is refused (413) before it is read.

A transfer coding other than chunked is refused too (501).

gunicorn itself refuses conflicting or repeated length headers and reads chunked bodies
(``wsgi.input`` ends where the body does), but sets no limit on a body's size, and a
chunked body carries no ``CONTENT_LENGTH``, which Django needs to read it at all.
``gunicorn.conf.py`` wraps the app in it, so it sits in front of every framework's code.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable

from fc_support.settings import MAX_REQUEST_BODY

TOO_LARGE = b"Request body larger than FC's 32 MB limit\n"
NOT_IMPLEMENTED = b"Only the chunked transfer coding is supported\n"


class BodyLimit:
    """Refuses a body over ``limit`` bytes; gives a chunked one its ``CONTENT_LENGTH``."""

    def __init__(self, app: Callable, limit: int = MAX_REQUEST_BODY) -> None:
        self.app = app
        self.limit = limit

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        length = environ.get("CONTENT_LENGTH") or ""
        codings = environ.get("HTTP_TRANSFER_ENCODING", "")
        if length:
            # gunicorn has already refused a length that is not one number.
            if int(length) > self.limit:
                return _refuse(start_response, "413 Request Entity Too Large", TOO_LARGE)
        elif codings:
            # gunicorn passes "gzip, chunked" on with the gzip still on: the app would read
            # the compressed bytes as the body.
            if codings.replace(" ", "").lower() != "chunked":
                return _refuse(start_response, "501 Not Implemented", NOT_IMPLEMENTED)
            body = environ["wsgi.input"].read(self.limit + 1)
            if len(body) > self.limit:
                return _refuse(start_response, "413 Request Entity Too Large", TOO_LARGE)
            environ["CONTENT_LENGTH"] = str(len(body))
            environ["wsgi.input"] = io.BytesIO(body)
        return self.app(environ, start_response)


def _refuse(start_response: Callable, status: str, body: bytes) -> list[bytes]:
    start_response(
        status, [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body)))]
    )
    return [body]
