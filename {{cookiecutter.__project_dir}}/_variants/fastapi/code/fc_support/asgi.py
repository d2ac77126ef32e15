"""FC's plumbing as pure ASGI middleware: ``app.add_middleware(FCMiddleware, state=app.state)``.

Every request gets exactly one pair of ``FC Invoke Start/End`` lines, whatever answers it
(your routes, a 404, a 405, a 500), and the End line is written before the last byte of
the answer leaves. FC's lifecycle calls run the hooks instead, with their own markers: an
``async def`` hook is awaited on the event loop that serves the routes (so a client it makes,
bound to that loop, works in them), a plain ``def`` hook runs in a worker thread (it may
block). Plain ASGI rather than ``BaseHTTPMiddleware``: it adds almost nothing to a
request's cost.
"""

from __future__ import annotations

import inspect
from typing import Any

import anyio
from anyio import to_thread

from fc_support import logs
from fc_support.hooks import EVENTS, Lifecycle

Scope = dict[str, Any]
# How much of the answer has been sent.
NOTHING, STARTED, ENDED = "nothing", "started", "ended"


class FCMiddleware:
    """Wraps an ASGI app with FC's markers and lifecycle hooks."""

    def __init__(self, app: Any, state: Any) -> None:
        self.app = app
        self.lifecycle = Lifecycle(state)
        self._hook_lock: anyio.Lock | None = None  # made on the serving loop, when first needed

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = scope["headers"]

        def header(name: str) -> str:  # looked up when needed: FC sends about 20 x-fc-*
            # A header sent more than once gives its values joined, as gunicorn does.
            key = name.encode("latin-1")
            return b",".join(value for field, value in headers if field == key).decode("latin-1")

        hook = self.lifecycle.hook_for(scope["method"], scope["path"], header)
        if hook is not None:
            status, body = await self.run_hook(hook, header)
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

    async def run_hook(self, name: str, header: logs.Header) -> tuple[int, str]:
        """Run hook ``name`` for one FC call, if it is due (``Lifecycle.run``'s rules):
        awaited here when it is ``async def``, else in a worker thread."""
        lifecycle = self.lifecycle
        rid = logs.request_id(header)
        logs.marker(EVENTS[name], "Start", rid)
        try:
            if self._hook_lock is None:
                self._hook_lock = anyio.Lock()
            async with self._hook_lock:
                if lifecycle.due(name):
                    ok = False
                    try:
                        await _call(lifecycle, name, rid, header)
                        ok = True
                    finally:
                        lifecycle.finished(name, ok)
            return 200, "OK"
        except Exception as error:  # noqa: BLE001 - any failure is reported to FC, not raised
            return lifecycle.failure(name, rid, header, error)
        finally:
            logs.marker(EVENTS[name], "End", rid)


async def _call(lifecycle: Lifecycle, name: str, rid: str, header: logs.Header) -> None:
    """Await an ``async def`` hook on this loop; run a plain one in a worker thread (and
    await what it returns if that is awaitable: a wrapper around an async hook)."""
    function = lifecycle.function(name)
    if function is None:
        raise LookupError(f"lifecycle.py has no {name}")
    context = lifecycle.context(rid, header)
    if inspect.iscoroutinefunction(function):
        await function(lifecycle.state, context)
        return
    result = await to_thread.run_sync(function, lifecycle.state, context)
    if inspect.isawaitable(result):
        await result


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
