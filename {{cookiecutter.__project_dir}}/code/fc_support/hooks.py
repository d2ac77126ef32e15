"""Runs the lifecycle hooks in ``lifecycle.py`` with FC's semantics.

FC calls ``POST /initialize`` once an instance answers and ``GET /pre-stop`` before it
destroys the instance (FC's English hook page adds: before it freezes it, and Initializer
again when it thaws). So the two alternate: ``initialize`` runs when nothing is
initialized, ``pre_stop`` only after an ``initialize`` it has not yet undone; any other call
answers 200 and runs nothing. Concurrent calls wait for the one running.

The gate: a hook runs only for FC's own call. A user's request to the same path through the
HTTP trigger carries ``x-fc-control-path: /http-invoke`` (an event, ``/invoke``) and is
routed like any other path. Any value that names an invocation, however it is written
(case, spaces, a list, the header twice), closes the gate; any other value or none opens
it. Failing open on an unknown value is safe behind FC: its gateway refuses client headers
starting with ``x-fc-``, so only FC sets this one, and FC's invocations name themselves.
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
    from collections.abc import Callable
    from contextlib import AbstractContextManager
    from typing import Any

# (method, path) of each hook, and the function of lifecycle.py it runs.
HOOKS = {("POST", "/initialize"): "initialize", ("GET", "/pre-stop"): "pre_stop"}
# The marker lines' name of each hook.
EVENTS = {"initialize": "Initialize", "pre_stop": "PreStop"}
# x-fc-control-path of an invocation (a user's request, an event), letters only: compared
# with each listed value stripped of everything else and lower-cased.
INVOCATIONS = frozenset({"httpinvoke", "invoke"})


class RestartInstance(Exception):
    """Raise from ``initialize`` when the instance is beyond repair: FC restarts it (500)."""


class Credentials:
    """Temporary credentials of the function's role; empty when no role is configured."""

    __slots__ = ("access_key_id", "access_key_secret", "security_token")

    def __init__(
        self, access_key_id: str = "", access_key_secret: str = "", security_token: str = ""
    ) -> None:
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


def names_an_invocation(control_path: str) -> bool:
    """Whether an ``x-fc-control-path`` value names an invocation, in any spelling.

    The value may be a list (the header sent twice is joined with commas); each item counts
    with its case, spaces and punctuation ignored: ``" /HTTP-Invoke "`` names one.
    """
    for item in control_path.split(","):
        if "".join(filter(str.isalnum, item)).lower() in INVOCATIONS:
            return True
    return False


class Lifecycle:
    """One instance's hooks: ``initialize`` and ``pre_stop`` in turn, each at most once.

    ``state`` is what both hooks receive as their first argument, the framework's own form
    of what the app shares (Flask's app, FastAPI's ``app.state``, ...): what ``initialize``
    creates there, routes use and ``pre_stop`` releases. ``scope`` gives the context each
    hook runs in (Flask: ``app.app_context``).
    """

    def __init__(
        self,
        state: Any,
        hooks: ModuleType | None = None,
        scope: Callable[[], AbstractContextManager[Any]] | None = None,
    ) -> None:
        self.state = state
        self._hooks = hooks if hooks is not None else load_hooks()
        self._scope = scope
        self._lock = threading.Lock()
        # Without an initialize, the instance is ready as it starts: pre_stop may run once.
        self.initialized = self.function("initialize") is None

    def function(self, name: str) -> Callable[..., Any] | None:
        """The hook ``name`` of lifecycle.py (looked up on every call), or None."""
        return getattr(self._hooks, name, None)

    def hook_for(self, method: str, path: str, header: logs.Header) -> str | None:
        """Name the hook this request is FC's call of, or None for an ordinary request."""
        name = HOOKS.get((method, path))
        if name is None or self.function(name) is None:
            return None
        return None if names_an_invocation(header("x-fc-control-path")) else name

    def due(self, name: str) -> bool:
        """Whether hook ``name`` has work to do: initialize when nothing is initialized,
        pre_stop when an initialize has not been undone yet."""
        return self.initialized is (name == "pre_stop")

    def finished(self, name: str, ok: bool) -> None:
        """Record a hook's end: a failed initialize leaves the instance uninitialized;
        pre_stop, failed or not, ends what initialize began."""
        if name == "pre_stop" or ok:
            self.initialized = name == "initialize"

    def context(self, rid: str, header: logs.Header) -> Context:
        """The ``context`` a hook gets for one call."""
        return Context(request_id=rid, credentials=credentials(header))

    def run(self, name: str, header: logs.Header) -> tuple[int, str]:
        """Run hook ``name`` for one call, if it is due; return the HTTP status and body.

        The hook runs in this thread, inside ``scope``, under the instance's lock.
        """
        rid = logs.request_id(header)
        logs.marker(EVENTS[name], "Start", rid)
        try:
            with self._lock:
                if self.due(name):
                    ok = False
                    try:
                        self.call(name, rid, header)
                        ok = True
                    finally:
                        self.finished(name, ok)
            return 200, "OK"
        except Exception as error:  # noqa: BLE001 - any failure is reported to FC, not raised
            return self.failure(name, rid, header, error)
        finally:
            logs.marker(EVENTS[name], "End", rid)

    def call(self, name: str, rid: str, header: logs.Header) -> Any:
        """Call hook ``name`` with the state and its context, inside ``scope``."""
        function = self.function(name)
        if function is None:  # lifecycle.py lost it since hook_for named it (a test did)
            raise LookupError(f"lifecycle.py has no {name}")
        if self._scope is None:
            return function(self.state, self.context(rid, header))
        with self._scope():
            return function(self.state, self.context(rid, header))

    def failure(
        self, name: str, rid: str, header: logs.Header, error: BaseException
    ) -> tuple[int, str]:
        """Log a hook's failure (masked) and give FC its status: initialize 400 (FC
        retries) or 500 for ``RestartInstance`` (FC restarts the instance); pre_stop 500."""
        logs.log_exception(rid, error, logs.header_secrets(header))
        status = 400 if name == "initialize" and not isinstance(error, RestartInstance) else 500
        return status, f"{type(error).__name__}: see the function log, RequestId {rid}"
