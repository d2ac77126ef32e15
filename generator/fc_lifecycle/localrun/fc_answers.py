"""What FC answers itself, in place of the function: a timeout, a failed Initializer, an
instance that ended mid-request, a request or an answer over FC's limits.

The facts and their sources are in docs/fc-facts.md ("The local runner").
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

MiB = 1024 * 1024
MAX_BODY = 32 * MiB  # a synchronous invocation's request body
MAX_ASYNC_BODY = 128 * 1024  # an asynchronous invocation's
MAX_HEADERS = 8 * 1024  # request headers, and response headers
MAX_PATH = 4 * 1024  # the path with its query string


@dataclass
class Answer:
    """An answer the runner gives as FC would."""

    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)
    close: bool = False  # close the connection (the request's body was not read)


def error(status: int, error_type: str, message: str, code: str = "") -> Answer:
    """FC's error answer: ``X-Fc-Error-Type`` and a JSON body with ``errorMessage``."""
    body = {"errorCode": code, "errorMessage": message} if code else {"errorMessage": message}
    headers = {"Content-Type": "application/json", "X-Fc-Error-Type": error_type}
    return Answer(status, json.dumps(body).encode(), headers)


def timed_out(timeout: float) -> Answer:
    """A request still running after the function's ``timeout``: a function error."""
    return error(502, "UnhandledInvocationError", f"Function time out after {timeout:g} seconds")


def process_exited(duration_ms: float, peak_mb: float) -> Answer:
    """The instance ended (out of memory, a crash) before it answered."""
    return error(
        502,
        "UnhandledInvocationError",
        "Process exited unexpectedly before completing request"
        f" (duration: {duration_ms:.0f}ms, maxMemoryUsage: {peak_mb:.0f}MB)",
    )


def initialization_error(why: str) -> Answer:
    """The Initializer failed or timed out: FC still answers 200 and says so in a header."""
    answer = error(200, "InitializationError", f"Initializer failed: {why}")
    return answer


def request_over_limits(target: str, headers: list[tuple[str, str]], length: int) -> Answer | None:
    """FC's answer to a request over its limits (path, headers, body), or None.

    The answer closes the connection: the body was not read, and must never be taken
    for the next request.
    """
    header_bytes = sum(len(k) + len(v) + 4 for k, v in headers)
    if len(target.encode()) > MAX_PATH:
        why, code = f"path and query are {len(target.encode())} bytes, over FC's {MAX_PATH}", ""
    elif header_bytes > MAX_HEADERS:
        why, code = f"request headers are {header_bytes} bytes, over FC's {MAX_HEADERS}", ""
    elif length > MAX_BODY:
        why = f"payload size exceeds maximum allowed size ({MAX_BODY} bytes)"
        code = "EntityTooLarge"
    else:
        return None
    answer = error(400, "FcCommonError", why, code or "InvalidArgument")
    answer.close = True
    return answer


def too_large(limit: int) -> Answer:
    """FC's answer to a body over ``limit`` bytes; it closes the connection."""
    answer = error(
        400, "FcCommonError",
        f"payload size exceeds maximum allowed size ({limit} bytes)", "EntityTooLarge",
    )  # fmt: skip
    answer.close = True
    return answer


def response_over_limits(headers: list[tuple[str, str]]) -> Answer | None:
    """FC's answer when the function's response headers are over its limit, or None."""
    size = sum(len(k) + len(v) + 4 for k, v in headers)
    if size <= MAX_HEADERS:
        return None
    return error(
        502, "UnhandledInvocationError",
        f"response headers are {size} bytes, over FC's {MAX_HEADERS}", "BadResponse",
    )  # fmt: skip
