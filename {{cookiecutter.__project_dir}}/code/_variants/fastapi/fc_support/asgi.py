"""FC's plumbing as pure ASGI middleware: ``app.add_middleware(FCMiddleware, state=app.state)``.

Every request gets exactly one pair of ``FC Invoke Start/End`` lines, whatever answers it
(your routes, a 404, a 405, a 500), and the End line is written before the last byte of
the answer leaves. FC's lifecycle calls run the hooks instead (in a thread: hook code may
block), with their own markers. Plain ASGI rather than ``BaseHTTPMiddleware``: it adds
almost nothing to a request's cost.
"""

from __future__ import annotations

import inspect
from typing import Any

from anyio import to_thread

from fc_support import logs
from fc_support.hooks import Lifecycle

Scope = dict[str, Any]
# How much of the answer has been sent.
NOTHING, STARTED, ENDED = "nothing", "started", "ended"


class FCMiddleware:
    """Wraps an ASGI app with FC's markers and lifecycle hooks."""

    def __init__(self, app: Any, state: Any) -> None:
        self.app = app
        self.lifecycle = Lifecycle(state)

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = scope["headers"]

        def header(name: str) -> str:  # looked up when needed: FC sends about 20 x-fc-*
            key = name.encode("latin-1")
            for field, value in headers:
                if field == key:
                    return value.decode("latin-1")
            return ""

        hook = self.lifecycle.hook_for(scope["method"], scope["path"], header)
        if hook is not None:
            status, body = await to_thread.run_sync(self.lifecycle.run, hook, header)
            await _answer(send, status, body.encode(), b"text/plain; charset=utf-8")
            return
        rid = logs.request_id(header)
        logs.CURRENT.set((rid, header))
        sent = NOTHING

        async def sending(message: dict) -> None:
            nonlocal sent
            if sent is not ENDED:
                sent = STARTED
                if message["type"] == "http.response.body" and not message.get("more_body"):
                    sent = ENDED
                    logs.marker("Invoke", "End", rid)
            await send(message)

        logs.marker("Invoke", "Start", rid)
        try:
            await self.app(scope, receive, sending)
        except Exception as error:  # noqa: BLE001 - logged here, masked, and answered 500
            # Not re-raised: the server would log it again, unmasked.
            logs.log_exception(rid, error, logs.header_secrets(header))
            if sent is NOTHING:
                await _answer_error(scope, receive, sending, error)
        finally:
            if sent is not ENDED:
                logs.marker("Invoke", "End", rid)


async def _answer_error(scope: Scope, receive: Any, send: Any, error: Exception) -> None:
    """Answer 500 with the app's own handler for Exception or 500, if it has one."""
    handlers = getattr(scope.get("app"), "exception_handlers", {})
    handler = handlers.get(Exception) or handlers.get(500)
    if handler is None:
        await _answer(send, 500, b"Internal Server Error", b"text/plain; charset=utf-8")
        return
    from starlette.requests import Request

    response = handler(Request(scope, receive), error)
    if inspect.isawaitable(response):
        response = await response
    await response(scope, receive, send)


async def _answer(send: Any, status: int, body: bytes, content_type: bytes) -> None:
    headers = [(b"content-type", content_type), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
