"""FC's plumbing as Django middleware: first in ``settings.MIDDLEWARE``.

Every request gets exactly one pair of ``FC Invoke Start/End`` lines, whatever answers it
(your views, a 404, a 405, a 500), and the End line is written before the answer leaves
(before the last chunk of a streamed one). FC's lifecycle calls run the hooks instead,
with their own markers; they share the ``fcapp`` app config with your views.
"""

from __future__ import annotations

from collections.abc import Callable

from django.apps import apps
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse

from fc_support import logs
from fc_support.hooks import Lifecycle
from fc_support.streaming import ending_before_last_piece

STATE_APP = "fcapp"


class FCMiddleware:
    """Wraps every request with FC's markers; answers FC's lifecycle calls."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.lifecycle = Lifecycle(apps.get_app_config(STATE_APP))

    def __call__(self, request: HttpRequest) -> HttpResponse:
        meta = request.META

        def header(name: str) -> str:
            return meta.get("HTTP_" + name.upper().replace("-", "_"), "")

        hook = self.lifecycle.hook_for(request.method, request.path_info, header)
        if hook is not None:
            status, body = self.lifecycle.run(hook, header)
            return HttpResponse(body, status=status, content_type="text/plain; charset=utf-8")
        rid = logs.request_id(header)
        logs.CURRENT.set((rid, header))
        logs.marker("Invoke", "Start", rid)
        try:
            response = self.get_response(request)
        except BaseException:
            logs.marker("Invoke", "End", rid)
            logs.CURRENT.set(logs.NO_REQUEST)
            raise
        if isinstance(response, StreamingHttpResponse) and not response.is_async:
            response.streaming_content = ending_before_last_piece(response.streaming_content, rid)
        else:
            logs.marker("Invoke", "End", rid)
            logs.CURRENT.set(logs.NO_REQUEST)
        return response
