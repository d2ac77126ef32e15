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
from collections.abc import Mapping
from types import ModuleType

# Imports are kept to what every start needs (uuid and traceback load when first used):
# each module imported here is paid for in every cold start.

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


class Credentials:
    """Temporary credentials of the function's role; empty when no role is configured."""

    __slots__ = ("access_key_id", "access_key_secret", "security_token")

    def __init__(self, access_key_id="", access_key_secret="", security_token="") -> None:
        self.access_key_id = access_key_id
        self.access_key_secret = access_key_secret
        self.security_token = security_token

    def values(self) -> tuple[str, str, str]:
        """The three values (to mask them wherever they could be written)."""
        return self.access_key_id, self.access_key_secret, self.security_token

    def __repr__(self) -> str:
        return "Credentials(***)"


class Context:
    """What a lifecycle hook knows about the call and the instance."""

    __slots__ = ("request_id", "function_name", "region", "instance_id", "credentials")

    def __init__(self, request_id: str, credentials: Credentials | None = None) -> None:
        self.request_id = request_id
        self.function_name = os.environ.get("FC_FUNCTION_NAME", "")
        self.region = os.environ.get("FC_REGION", "")
        self.instance_id = os.environ.get("FC_INSTANCE_ID", "")
        self.credentials = credentials or Credentials()

    def __repr__(self) -> str:
        return f"Context(request_id={self.request_id!r}, function_name={self.function_name!r})"


class Outcome:
    """The HTTP answer to a lifecycle call."""

    __slots__ = ("status", "body")

    def __init__(self, status: int, body: str) -> None:
        self.status = status
        self.body = body


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
    if not value.isprintable() or len(value) > 128:  # a line break would forge a log line
        value = "".join(ch for ch in value if ch.isprintable())[:128]
    if value:
        return value
    import uuid

    return f"local-{uuid.uuid4()}"


def credentials(headers: Mapping[str, str]) -> Credentials:
    """Read the role's credentials: environment first (Debian 11+), then FC's headers."""
    env = [os.environ.get(name, "") for name in SECRET_ENV]
    if any(env):
        return Credentials(*env)
    return Credentials(*(_header(headers, name) for name in SECRET_HEADERS))


def marker(event: str, phase: str, rid: str) -> None:
    """Write one FC marker line, e.g. ``FC Invoke Start RequestId: 1-abc``.

    ``rid`` comes from ``request_id``, which keeps only printable characters.
    """
    stream = sys.stdout
    stream.write(f"FC {event} {phase} RequestId: {rid}\n")  # one write: one whole line
    stream.flush()


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


class invocation:  # noqa: N801 - used like a function: ``with invocation(rid):``
    """Surround one ordinary request with FC's Invoke Start and End marker lines."""

    __slots__ = ("rid",)

    def __init__(self, rid: str) -> None:
        self.rid = rid

    def __enter__(self) -> None:
        marker("Invoke", "Start", self.rid)

    def __exit__(self, *exc: object) -> None:
        marker("Invoke", "End", self.rid)


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
    _SEEN_SECRETS.update(v for v in creds.values() if len(v) >= 4)
    return Context(request_id=rid, credentials=creds)


def _failure(rid: str, error: BaseException, status: int) -> Outcome:
    import traceback

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
