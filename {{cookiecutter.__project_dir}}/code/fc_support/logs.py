"""FC's marker lines and error lines, with every credential masked.

Lines go to stdout/stderr in one write each and are flushed at once: FC freezes the
instance after each request, and lines left in a buffer are lost. So what a request
printed without a line break is written, its line ended, before the request's End line.
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
_OPEN_LOCK = threading.RLock()


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
    _end_lines()
    stream = _unmasked(sys.stdout)  # the one writer of marker lines: never shifted
    stream.write(f"FC {event} {phase} RequestId: {rid}\n")  # one write: one whole line
    stream.flush()


def end_open(reason: str = "the server stopped before the answer was complete") -> int:
    """Write the End line of every Start without one, each after an error line; count them."""
    with _OPEN_LOCK:
        ended = [key for key, count in _OPEN.items() for _ in range(count)]
        _OPEN.clear()
    stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime())
    _end_lines()
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
    forms = _forms(secrets)
    masked = None
    while masked != text:  # masking can join text into another form: until none is left
        masked = text
        for form in forms:
            if form in text:
                text = text.replace(form, "***")
    return text


def _forms(secrets: tuple[str, ...]) -> tuple[str, ...]:
    env = tuple(os.environ.get(name, "") for name in SECRET_ENV)
    return secret_forms(env) + secret_forms(tuple(secrets)) if secrets else secret_forms(env)


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


# Held text longer than this, still with no line break (a dump written in parts), is
# written but for its tail: a stream never holds much more.
HOLD_LIMIT = 64 * 1024


class MaskedStream:
    """A text stream writing through to another, line by line, every credential masked.

    Text is held until its line is complete (or ``flush`` is called, or a marker line is
    due): masking sees whole lines, so a secret written in pieces is masked too, and a line
    that starts like a marker line (``FC ``) is shifted by a space however it was written
    (``print("FC", "Invoke End ...")`` writes ``"FC"`` on its own). FC's own marker lines
    are written by ``marker`` to the stream beneath, never through here.
    """

    def __init__(self, stream) -> None:
        self._stream = stream
        # Re-entrant: a signal handler that logs (gunicorn's master reaping a worker) runs
        # in the thread it interrupted, maybe in the middle of a write.
        self._lock = threading.RLock()
        self._line = ""  # the text after the last line break: held
        self._secrets: set[str] = set()  # of every request that wrote a part of it
        self._at_line_start = True  # nothing of the current line is written yet

    def write(self, text: str) -> int:
        """Write ``text`` masked; return its length as given, as a stream does."""
        _, header = CURRENT.get()
        secrets = header_secrets(header)
        with self._lock:
            lines, newline, rest = (self._line + text).rpartition("\n")
            held = self._secrets.union(secrets)
            if not newline:
                self._line, self._secrets = rest, held
                if len(rest) > HOLD_LIMIT:
                    self._put_most()
            else:  # what is held is taken before it is written: see the lock
                self._line, self._secrets = rest, set(secrets if rest else ())
                self._put(lines + newline, held)
        return len(text)

    def flush(self) -> None:
        """Write the held text too, as it is, and flush the stream beneath."""
        with self._lock:
            self._put(*self._take())
        self._stream.flush()

    def end_line(self) -> None:
        """End the current line (written or held) with a line break: a marker line follows."""
        with self._lock:
            if self._line or not self._at_line_start:
                text, secrets = self._take()
                self._put(text + "\n", secrets)
                self._stream.flush()

    def _put_most(self) -> None:
        # Mask what is held; write all of it but the tail where a secret that the next
        # write completes could begin (one character less than the longest form).
        secrets = tuple(sorted(self._secrets))
        masked = redact(self._line, secrets)
        cut = len(masked) - (max(map(len, _forms(secrets)), default=1) - 1)
        if cut > 0:
            self._line = masked[cut:]
            self._put(masked[:cut], self._secrets)

    def _take(self) -> tuple[str, set[str]]:
        held, self._line, self._secrets = (self._line, self._secrets), "", set()
        return held

    def _put(self, text: str, secrets: set[str]) -> None:
        # The caller holds the lock and has taken ``text`` out of what is held.
        if not text:
            return
        lines = redact(text, tuple(sorted(secrets))).split("\n")
        for i, line in enumerate(lines):
            at_start = i > 0 or self._at_line_start
            # The last line is cut short when flushed: "F" or "FC" may become a marker.
            could_be = line.startswith("FC ") or (i == len(lines) - 1 and "FC ".startswith(line))
            if at_start and line and could_be:
                lines[i] = " " + line
        self._at_line_start = lines[-1] == ""
        self._stream.write("\n".join(lines))

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


def _end_lines() -> None:
    """Before a marker line: write what the masking streams hold, each line ended, so the
    marker starts a line of its own and nothing is left in a frozen instance's buffer."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, MaskedStream):
            stream.end_line()


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
