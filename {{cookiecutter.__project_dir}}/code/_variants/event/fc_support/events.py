"""FC's event invocation: ``POST /invoke`` runs ``handle(event, context)`` from handler.py.

FC turns every InvokeFunction call (the SDK, a timer, an OSS trigger) into ``POST /invoke``
with the event as the body and its common headers (``x-fc-control-path: /invoke``). The
answer's body is the invocation's result; a failure is reported with status 404 and
``x-fc-status: 404`` (FC records the invocation as failed), success with 200 and
``x-fc-status: 200``. The server's request handler writes the ``FC Invoke`` marker lines.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from types import ModuleType
from typing import Any

from fc_support import logs
from fc_support.hooks import Context, credentials
from fc_support.server import Reply, Request

OK, FAILED = 200, 404  # StatusCode and x-fc-status of a successful / failed invocation


class EventContext(Context):
    """What ``handle`` knows: the request id, function, region, instance, the role's
    credentials (masked in ``repr``) and ``state``, the dict ``initialize`` filled."""

    __slots__ = ("state",)

    def __init__(self, request_id: str, credentials_: Any, state: dict) -> None:
        super().__init__(request_id, credentials_)
        self.state = state


def parse(body: bytes) -> Any:
    """The event: parsed JSON when the body is JSON (FC's trigger events are), else bytes."""
    try:
        return json.loads(body)
    except ValueError:
        return body


def route(user: ModuleType) -> Callable[[Request], tuple[int, Reply]]:
    """The ``POST /invoke`` route: runs ``user.handle`` (looked up on every call, so a test
    can replace it) with FC's success and error answers."""

    def invoke(request: Request) -> tuple[int, Reply]:
        header = _header(request)
        context = EventContext(request.request_id, credentials(header), request.state)
        try:
            result = user.handle(parse(request.body), context)
        except Exception as error:  # noqa: BLE001 - FC gets the failure, the server lives on
            logs.log_exception(request.request_id, error, logs.header_secrets(header))
            body = {
                "errorType": type(error).__name__,
                "errorMessage": f"see the function log, RequestId {request.request_id}",
            }
            return FAILED, Reply(body, {"x-fc-status": str(FAILED)})
        return OK, Reply(b"" if result is None else result, {"x-fc-status": str(OK)})

    return invoke


def _header(request: Request) -> logs.Header:
    return lambda name: request.headers.get(name) or ""
