"""FC's plumbing as WSGI middleware: ``app.wsgi_app = FCMiddleware(app.wsgi_app, lifecycle)``.

Every request gets exactly one pair of ``FC Invoke Start/End`` lines, whatever answers it
(your routes, a 404, a 405, a 500), and the End line is written before the last byte of
the answer leaves. FC's lifecycle calls run the hooks instead, with their own markers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from http import HTTPStatus

from fc_support import logs
from fc_support.hooks import Lifecycle
from fc_support.streaming import ending_before_last_piece


class FCMiddleware:
    """Wraps a WSGI app with FC's markers and lifecycle hooks."""

    def __init__(self, app: Callable, lifecycle: Lifecycle) -> None:
        self.app = app
        self.lifecycle = lifecycle

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        def header(name: str) -> str:
            return environ.get("HTTP_" + name.upper().replace("-", "_"), "")

        hook = self.lifecycle.hook_for(environ["REQUEST_METHOD"], environ["PATH_INFO"], header)
        if hook is not None:
            status, body = self.lifecycle.run(hook, header)
            data = body.encode()
            start_response(
                f"{status} {HTTPStatus(status).phrase}",
                [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(data)))],
            )
            return [data]
        rid = logs.request_id(header)
        logs.CURRENT.set((rid, header))
        logs.marker("Invoke", "Start", rid)
        try:
            result = self.app(environ, start_response)
        except BaseException:
            logs.marker("Invoke", "End", rid)
            logs.CURRENT.set(logs.NO_REQUEST)
            raise
        return ending_before_last_piece(result, rid)
