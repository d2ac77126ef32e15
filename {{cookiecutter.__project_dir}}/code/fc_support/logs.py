"""FC's marker lines and error lines, with every credential masked.

Lines go to stdout/stderr in one write each and are flushed at once: FC freezes the
instance after each request, and lines left in a buffer are lost.
"""

from __future__ import annotations

import contextvars
import os
import sys
import time
from collections.abc import Callable

# Imports are kept to what every start needs (uuid and traceback load when first used):
# each module imported here is paid for in every cold start.

SECRET_HEADERS = ("x-fc-access-key-id", "x-fc-access-key-secret", "x-fc-security-token")
SECRET_ENV = (
    "ALIBABA_CLOUD_ACCESS_KEY_ID",
    "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
    "ALIBABA_CLOUD_SECURITY_TOKEN",
)
Header = Callable[[str], str]
"""Looks up one request header by its lower-case name; "" when it is missing."""

# The request being served by this thread or task: its id and its headers. Log lines
# written while it runs carry its id, and its credentials are masked in them.
NO_REQUEST: tuple[str, Header] = ("-", lambda name: "")
CURRENT: contextvars.ContextVar[tuple[str, Header]] = contextvars.ContextVar(
    "fc_request", default=NO_REQUEST
)


def request_id(header: Header) -> str:
    """Return the caller's ``x-fc-request-id``, or a fresh one when it is missing."""
    value = header("x-fc-request-id")
    if not value.isprintable() or len(value) > 128:  # a line break would forge a log line
        value = "".join(ch for ch in value if ch.isprintable())[:128]
    if value:
        return value
    import uuid

    return f"local-{uuid.uuid4()}"


def header_secrets(header: Header) -> tuple[str, ...]:
    """The credential values in a request's headers (empty on Debian 11 and later)."""
    return tuple(value for value in map(header, SECRET_HEADERS) if len(value) >= 4)


def marker(event: str, phase: str, rid: str) -> None:
    """Write one FC marker line, e.g. ``FC Invoke Start RequestId: 1-abc``.

    ``rid`` comes from ``request_id``, which keeps only printable characters.
    """
    stream = sys.stdout
    stream.write(f"FC {event} {phase} RequestId: {rid}\n")  # one write: one whole line
    stream.flush()


def redact(text: str, secrets: tuple[str, ...] = ()) -> str:
    """Mask in ``text`` the role's credentials and the given ``secrets``."""
    for value in (*(os.environ.get(name, "") for name in SECRET_ENV), *secrets):
        if len(value) >= 4:
            text = text.replace(value, "***")
    return text


def log_error(rid: str, message: str, secrets: tuple[str, ...] = ()) -> None:
    """Write an error in FC's recommended format (one line per line), secrets masked."""
    stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime())
    lines = redact(message, secrets).rstrip().splitlines()
    stream = sys.stderr
    stream.write("".join(f"{stamp} {rid} [ERROR] {line}\n" for line in lines))
    stream.flush()


def log_exception(rid: str, error: BaseException, secrets: tuple[str, ...] = ()) -> None:
    """Log ``error`` with its traceback, secrets masked."""
    import traceback

    text = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    log_error(rid, text, secrets)
