"""Function Compute plumbing shared by every route. You should not need to edit this file.

It writes FC's marker lines, runs the lifecycle hooks in ``lifecycle.py`` with FC's
semantics (Initializer once per instance, non-2xx on failure) and keeps credentials out of
everything it writes. Marker lines go to stdout one per line and are flushed at once: FC
freezes the instance after each request and lines left in a buffer are lost.
"""

from __future__ import annotations

import os
import sys
import threading
import time
import traceback
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import ModuleType

REQUEST_ID_HEADER = "x-fc-request-id"
SECRET_HEADERS = ("x-fc-access-key-id", "x-fc-access-key-secret", "x-fc-security-token")
SECRET_ENV = (
    "ALIBABA_CLOUD_ACCESS_KEY_ID",
    "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
    "ALIBABA_CLOUD_SECURITY_TOKEN",
)
DEFAULT_PORT = 9000


class RestartInstance(Exception):
    """Raise from ``initialize`` when the instance is beyond repair: FC restarts it (500)."""


@dataclass(frozen=True)
class Credentials:
    """Temporary credentials of the function's role; empty when no role is configured."""

    access_key_id: str = field(default="", repr=False)
    access_key_secret: str = field(default="", repr=False)
    security_token: str = field(default="", repr=False)


@dataclass(frozen=True)
class Context:
    """What a lifecycle hook knows about the call and the instance."""

    request_id: str
    function_name: str = field(default_factory=lambda: os.environ.get("FC_FUNCTION_NAME", ""))
    region: str = field(default_factory=lambda: os.environ.get("FC_REGION", ""))
    instance_id: str = field(default_factory=lambda: os.environ.get("FC_INSTANCE_ID", ""))
    credentials: Credentials = field(default_factory=Credentials, repr=False)


@dataclass(frozen=True)
class Outcome:
    """The HTTP answer to a lifecycle call."""

    status: int
    body: str


def listen_port() -> int:
    """Return the port FC asks for: FC_CUSTOM_LISTEN_PORT, then FC_SERVER_PORT, then 9000."""
    for name in ("FC_CUSTOM_LISTEN_PORT", "FC_SERVER_PORT"):
        value = os.environ.get(name, "")
        if value.isdigit():
            return int(value)
    return DEFAULT_PORT


def request_id(headers: Mapping[str, str]) -> str:
    """Return the caller's ``x-fc-request-id``, or a fresh one when it is missing."""
    value = _header(headers, REQUEST_ID_HEADER)
    value = "".join(ch for ch in value if ch.isprintable())[:128]
    return value or f"local-{uuid.uuid4()}"


def credentials(headers: Mapping[str, str]) -> Credentials:
    """Read the role's credentials: environment first (Debian 11+), then FC's headers."""
    env = [os.environ.get(name, "") for name in SECRET_ENV]
    if any(env):
        return Credentials(*env)
    return Credentials(*(_header(headers, name) for name in SECRET_HEADERS))


def marker(event: str, phase: str, rid: str) -> None:
    """Write one FC marker line, e.g. ``FC Invoke Start RequestId: 1-abc``."""
    _write(sys.stdout, f"FC {event} {phase} RequestId: {rid}")


def log_error(rid: str, message: str) -> None:
    """Write an error line in FC's recommended format, with every secret masked."""
    stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime())
    for line in redact(message).rstrip().splitlines():
        _write(sys.stderr, f"{stamp} {rid} [ERROR] {line}")


def redact(text: str) -> str:
    """Mask every credential value known to this process in ``text``."""
    for name in SECRET_ENV:
        value = os.environ.get(name, "")
        if len(value) >= 4:
            text = text.replace(value, "***")
    for value in _SEEN_SECRETS.copy():
        text = text.replace(value, "***")
    return text


@contextmanager
def invocation(rid: str) -> Iterator[None]:
    """Surround one ordinary request with FC's Invoke Start and End marker lines."""
    marker("Invoke", "Start", rid)
    try:
        yield
    finally:
        marker("Invoke", "End", rid)


class Lifecycle:
    """Runs the hooks of one instance: ``initialize`` once, ``pre_stop`` on every call."""

    def __init__(self, hooks: ModuleType) -> None:
        self._hooks = hooks
        self._lock = threading.Lock()
        self.initialized = False

    def initialize(self, headers: Mapping[str, str]) -> Outcome:
        """Run ``hooks.initialize`` unless it already succeeded; concurrent calls wait."""
        rid = request_id(headers)
        marker("Initialize", "Start", rid)
        try:
            with self._lock:
                if not self.initialized:
                    self._hooks.initialize(_context(rid, headers))
                    self.initialized = True
            return Outcome(200, "OK")
        except RestartInstance as error:
            return _failure(rid, error, 500)
        except Exception as error:  # noqa: BLE001 - any failure is reported to FC, not raised
            return _failure(rid, error, 400)
        finally:
            marker("Initialize", "End", rid)

    def pre_stop(self, headers: Mapping[str, str]) -> Outcome:
        """Run ``hooks.pre_stop``; a failure is reported but never stops the shutdown."""
        rid = request_id(headers)
        marker("PreStop", "Start", rid)
        try:
            self._hooks.pre_stop(_context(rid, headers))
            return Outcome(200, "OK")
        except Exception as error:  # noqa: BLE001 - FC only needs the status
            return _failure(rid, error, 500)
        finally:
            marker("PreStop", "End", rid)


_SEEN_SECRETS: set = set()
_WRITE_LOCK = threading.Lock()


def _context(rid: str, headers: Mapping[str, str]) -> Context:
    creds = credentials(headers)
    _SEEN_SECRETS.update(v for v in vars(creds).values() if len(v) >= 4)
    return Context(request_id=rid, credentials=creds)


def _failure(rid: str, error: BaseException, status: int) -> Outcome:
    log_error(rid, "".join(traceback.format_exception(type(error), error, error.__traceback__)))
    return Outcome(status, f"{type(error).__name__}: see the function log, RequestId {rid}")


def _header(headers: Mapping[str, str], name: str) -> str:
    value: str | None = headers.get(name)
    if value is None:
        value = next((v for k, v in headers.items() if k.lower() == name), None)
    return value or ""


def _write(stream, line: str) -> None:
    with _WRITE_LOCK:
        stream.write(line.replace("\r", " ").replace("\n", " ") + "\n")
        stream.flush()
