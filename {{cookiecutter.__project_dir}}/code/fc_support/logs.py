"""FC's marker lines and error lines, with every credential masked.

Lines go to stdout/stderr in one write each and are flushed at once: FC freezes the
instance after each request, and lines left in a buffer are lost.
"""

from __future__ import annotations

import contextvars
import functools
import os
import sys
import threading
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


# The Start lines whose End is not written yet, by (event, request id): a server that must
# stop before a request finishes writes their End lines (end_open), so that every Start
# has its End, and the request's own End, if it ever comes, is then not written twice.
_OPEN: dict[tuple[str, str], int] = {}
_OPEN_LOCK = threading.Lock()


def marker(event: str, phase: str, rid: str) -> None:
    """Write one FC marker line, e.g. ``FC Invoke Start RequestId: 1-abc``.

    ``rid`` comes from ``request_id``, which keeps only printable characters.
    """
    key = (event, rid)
    with _OPEN_LOCK:
        if phase == "Start":
            _OPEN[key] = _OPEN.get(key, 0) + 1
        else:
            count = _OPEN.pop(key, 0)
            if count > 1:
                _OPEN[key] = count - 1
            elif count == 0:
                return  # end_open() has written it already
    stream = _unmasked(sys.stdout)  # the one writer of marker lines: never shifted
    stream.write(f"FC {event} {phase} RequestId: {rid}\n")  # one write: one whole line
    stream.flush()


def end_open(reason: str = "the server stopped before the answer was complete") -> int:
    """Write the End line of every Start without one, each after an error line; count them."""
    with _OPEN_LOCK:
        ended = [key for key, count in _OPEN.items() for _ in range(count)]
        _OPEN.clear()
    stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime())
    out = _unmasked(sys.stdout)
    for event, rid in ended:
        sys.stderr.write(f"{stamp} {rid} [ERROR] {reason}\n")
        sys.stderr.flush()
        out.write(f"FC {event} End RequestId: {rid}\n")
    out.flush()
    return len(ended)


def redact(text: str, secrets: tuple[str, ...] = ()) -> str:
    """Mask in ``text`` the role's credentials and the given ``secrets``, in every form.

    A form is the value itself or the value URL-encoded (``quote``, ``quote_plus``, upper-
    or lower-case hex), as a presigned URL carries a security token.
    """
    env = tuple(os.environ.get(name, "") for name in SECRET_ENV)
    forms = secret_forms(env) + secret_forms(tuple(secrets)) if secrets else secret_forms(env)
    masked = None
    while masked != text:  # masking can join text into another form: until none is left
        masked = text
        for form in forms:
            if form in text:
                text = text.replace(form, "***")
    return text


@functools.lru_cache(maxsize=64)
def secret_forms(values: tuple[str, ...]) -> tuple[str, ...]:
    """Every form of each value (4 characters or more) that masking looks for, longest first.

    Computed once per set of values: the environment's never changes, a request's repeat.
    """
    from urllib.parse import quote, quote_plus

    forms: set[str] = set()
    for value in values:
        if len(value) < 4:
            continue
        for form in (value, quote(value), quote(value, safe=""), quote_plus(value)):
            forms.update((form, _lower_hex(form)))
    return tuple(sorted(forms, key=len, reverse=True))


def _lower_hex(text: str) -> str:
    parts = text.split("%")
    return parts[0] + "".join("%" + part[:2].lower() + part[2:] for part in parts[1:])


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


class MaskedStream:
    """A text stream writing through to another, every credential masked.

    A line written to it that starts like a marker line (``FC ``) is shifted by a space:
    FC's own marker lines are written by ``marker`` to the stream beneath, never through here.
    """

    def __init__(self, stream) -> None:
        self._stream = stream
        self._at_line_start = True

    def write(self, text: str) -> int:
        """Write ``text`` masked; return its length as given, as a stream does."""
        _, header = CURRENT.get()
        masked = redact(text, header_secrets(header))
        if self._at_line_start and masked.startswith("FC "):
            masked = " " + masked
        masked = masked.replace("\nFC ", "\n FC ")
        if masked:
            self._at_line_start = masked.endswith("\n")
        self._stream.write(masked)
        return len(text)

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


def _unmasked(stream):
    """The stream beneath a ``MaskedStream``, or ``stream`` itself."""
    return stream._stream if isinstance(stream, MaskedStream) else stream


def mask_output() -> None:
    """Mask everything written to ``sys.stdout`` and ``sys.stderr`` from now on, logging's
    handlers included: the user's ``print``, ``logging`` calls, tracebacks and warnings.
    FC keeps both streams as the function's log; a line printed that starts like a marker
    line is shifted, so it cannot forge one.
    """
    if not isinstance(sys.stdout, MaskedStream):
        sys.stdout = MaskedStream(sys.stdout)
    if isinstance(sys.stderr, MaskedStream):
        return
    old, sys.stderr = sys.stderr, MaskedStream(sys.stderr)
    logging = sys.modules.get("logging")  # imported by the user's code, or not at all
    if logging is None:
        return
    for logger in [logging.root, *logging.root.manager.loggerDict.values()]:
        for handler in getattr(logger, "handlers", ()):
            if isinstance(handler, logging.StreamHandler) and handler.stream is old:
                handler.setStream(sys.stderr)
