"""Runs the lifecycle hooks in ``lifecycle.py`` with FC's semantics.

FC calls ``POST /initialize`` once an instance answers and ``GET /pre-stop`` before it
destroys the instance. A hook runs only for FC's own call: a user's request to the same
path through the HTTP trigger carries ``x-fc-control-path: /http-invoke`` (an event,
``/invoke``) and is routed like any other path. FC's own calls carry no control path or
another one (``/initialize``; what PreStop's carries is not documented), so anything but an
invocation is taken as the hook call.
"""

from __future__ import annotations

import os
import sys
import threading
from types import ModuleType

from fc_support import logs

# typing is not imported at run time: each module imported is paid for in every cold start.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

# (method, path) of each hook, and the function of lifecycle.py it runs.
HOOKS = {("POST", "/initialize"): "initialize", ("GET", "/pre-stop"): "pre_stop"}
# x-fc-control-path of an invocation: a user's request (HTTP trigger) or an event. FC's own
# hook calls carry another value (``/initialize``; PreStop's is undocumented) or none at all.
INVOCATIONS = ("/http-invoke", "/invoke")


class RestartInstance(Exception):
    """Raise from ``initialize`` when the instance is beyond repair: FC restarts it (500)."""


class Credentials:
    """Temporary credentials of the function's role; empty when no role is configured."""

    __slots__ = ("access_key_id", "access_key_secret", "security_token")

    def __init__(self, access_key_id="", access_key_secret="", security_token="") -> None:
        self.access_key_id = access_key_id
        self.access_key_secret = access_key_secret
        self.security_token = security_token

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


def credentials(header: logs.Header) -> Credentials:
    """Read the role's credentials: environment first (Debian 11+), then FC's headers."""
    env = [os.environ.get(name, "") for name in logs.SECRET_ENV]
    if any(env):
        return Credentials(*env)
    return Credentials(*map(header, logs.SECRET_HEADERS))


def load_hooks(name: str = "lifecycle") -> ModuleType | None:
    """Import the hook module, or None when the project has none (both hooks off)."""
    try:
        __import__(name)  # importlib itself is one more module to load at start
        return sys.modules[name]
    except ModuleNotFoundError as error:
        if error.name != name:
            raise
        return None


class Lifecycle:
    """One instance's hooks: ``initialize`` once, ``pre_stop`` on every call.

    ``state`` is the app's shared state in the framework's own form; both hooks receive it,
    so what ``initialize`` creates there, routes use and ``pre_stop`` releases.
    """

    def __init__(self, state: Any, hooks: ModuleType | None = None) -> None:
        self.state = state
        self._hooks = hooks if hooks is not None else load_hooks()
        self._lock = threading.Lock()
        self.initialized = False

    def hook_for(self, method: str, path: str, header: logs.Header) -> str | None:
        """Name the hook this request is FC's call of, or None for an ordinary request."""
        name = HOOKS.get((method, path))
        if name is None or getattr(self._hooks, name, None) is None:
            return None
        return None if header("x-fc-control-path") in INVOCATIONS else name

    def run(self, name: str, header: logs.Header) -> tuple[int, str]:
        """Run hook ``name`` for one call; return the HTTP status and body for FC."""
        return getattr(self, name)(header)

    def initialize(self, header: logs.Header) -> tuple[int, str]:
        """Run ``initialize`` unless it already succeeded; concurrent calls wait for it."""
        rid = logs.request_id(header)
        logs.marker("Initialize", "Start", rid)
        try:
            with self._lock:
                if not self.initialized:
                    self._hooks.initialize(self.state, _context(rid, header))
                    self.initialized = True
            return 200, "OK"
        except RestartInstance as error:
            return _failure(rid, header, error, 500)
        except Exception as error:  # noqa: BLE001 - any failure is reported to FC, not raised
            return _failure(rid, header, error, 400)
        finally:
            logs.marker("Initialize", "End", rid)

    def pre_stop(self, header: logs.Header) -> tuple[int, str]:
        """Run ``pre_stop``; a failure is reported but never stops the shutdown."""
        rid = logs.request_id(header)
        logs.marker("PreStop", "Start", rid)
        try:
            self._hooks.pre_stop(self.state, _context(rid, header))
            return 200, "OK"
        except Exception as error:  # noqa: BLE001 - FC only needs the status
            return _failure(rid, header, error, 500)
        finally:
            logs.marker("PreStop", "End", rid)


def _context(rid: str, header: logs.Header) -> Context:
    return Context(request_id=rid, credentials=credentials(header))


def _failure(rid: str, header: logs.Header, error: BaseException, status: int) -> tuple[int, str]:
    logs.log_exception(rid, error, logs.header_secrets(header))
    return status, f"{type(error).__name__}: see the function log, RequestId {rid}"
