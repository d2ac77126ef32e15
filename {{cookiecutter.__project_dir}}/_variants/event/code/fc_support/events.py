"""FC's event invocation: ``POST /invoke`` runs ``handle(event, context)`` from handler.py.

FC turns every InvokeFunction call (the SDK, a timer, an OSS trigger) into ``POST /invoke``
with the event as the body and its common headers (``x-fc-control-path: /invoke``). The
answer's body is the invocation's result; a failure is reported with status 404 and
``x-fc-status: 404`` (FC records the invocation as failed), success with 200 and
``x-fc-status: 200``.

This module is the same for every framework. The route that serves ``POST /invoke`` with
it is a few lines in the framework's own form (a Flask blueprint, a FastAPI router, a
Django view, the stdlib server's ``ROUTES``); the middleware around every request writes
the ``FC Invoke`` marker lines.
"""

from __future__ import annotations

import json
from types import ModuleType

from fc_support import logs
from fc_support.hooks import Context, credentials

# typing is not imported at run time: each module imported is paid for in every cold start.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

OK, FAILED = 200, 404  # StatusCode and x-fc-status of a successful / failed invocation


class EventContext(Context):
    """What ``handle`` knows: the request id, function, region, instance, the role's
    credentials (masked in ``repr``) and ``state``, the app's shared state that
    ``initialize`` filled (in the framework's own form, as the hooks get it)."""

    __slots__ = ("state",)

    def __init__(self, request_id: str, credentials_: Any, state: Any) -> None:
        super().__init__(request_id, credentials_)
        self.state = state


class Answer:
    """FC's answer to one event: the status, ``x-fc-status`` and the payload (the result of
    ``handle``, or the error body)."""

    __slots__ = ("status", "headers", "payload")

    def __init__(self, status: int, headers: dict[str, str], payload: Any) -> None:
        self.status = status
        self.headers = headers
        self.payload = payload

    def encoded(self) -> tuple[bytes, str]:
        """The body and its Content-Type, as the stdlib server encodes a route's payload:
        bytes as they are, a str as UTF-8 text, anything else as JSON."""
        if isinstance(self.payload, bytes):
            return self.payload, "application/octet-stream"
        if isinstance(self.payload, str):
            return self.payload.encode(), "text/plain; charset=utf-8"
        return json.dumps(self.payload).encode(), "application/json"


def parse(body: bytes) -> Any:
    """The event: parsed JSON when the body is JSON (FC's trigger events are), else bytes."""
    try:
        return json.loads(body)
    except ValueError:
        return body


def invoke(
    user: ModuleType, body: bytes, header: logs.Header, state: Any, rid: str | None = None
) -> Answer:
    """Run ``user.handle`` (looked up on every call, so a test can replace it) on one event.

    ``header`` looks up the request's headers, ``state`` is the app's shared state and
    ``rid`` the request id (by default the one the middleware's marker lines carry). An
    exception is logged with its traceback, credentials masked, and answered as FC expects.
    """
    rid = rid or current_request_id(header)
    context = EventContext(rid, credentials(header), state)
    try:
        result = user.handle(parse(body), context)
    except Exception as error:  # noqa: BLE001 - FC gets the failure, the server lives on
        logs.log_exception(rid, error, logs.header_secrets(header))
        error_body = {
            "errorType": type(error).__name__,
            "errorMessage": f"see the function log, RequestId {rid}",
        }
        return Answer(FAILED, {"x-fc-status": str(FAILED)}, error_body)
    return Answer(OK, {"x-fc-status": str(OK)}, b"" if result is None else result)


def current_request_id(header: logs.Header) -> str:
    """The id of the request being served: the middleware's (its marker lines carry it), or
    the caller's ``x-fc-request-id``."""
    rid, _ = logs.CURRENT.get()
    return logs.request_id(header) if rid == logs.NO_REQUEST[0] else rid
