"""FC's plumbing as Django middleware: first in ``settings.MIDDLEWARE``.

Every request gets exactly one pair of ``FC Invoke Start/End`` lines, whatever answers it
(your views, a 404, a 405, a 500), and the End line is written before the answer leaves
(before the last chunk of a streamed one). FC's lifecycle calls run the hooks instead,
with their own markers. Settings name the hooks and what they share with your views by
dotted path, as ``WSGI_APPLICATION`` names the app: ``FC_LIFECYCLE_HOOKS`` (a module with
``initialize`` and ``pre_stop``, default ``lifecycle``) and ``FC_SHARED_STATE`` (the object
both hooks get first). They run with the app registry ready, inside a request as Django
serves it, so the ORM works there as in a view.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils.log import log_response
from django.utils.module_loading import import_string

from fc_support import logs
from fc_support.hooks import Lifecycle, load_hooks
from fc_support.streaming import ending_before_last_piece


class FCMiddleware:
    """Wraps every request with FC's markers; answers FC's lifecycle calls."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        state = import_string(settings.FC_SHARED_STATE)
        hooks = load_hooks(getattr(settings, "FC_LIFECYCLE_HOOKS", "lifecycle"))
        self.lifecycle = Lifecycle(state, hooks)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        meta = request.META

        def header(name: str) -> str:
            return meta.get("HTTP_" + name.upper().replace("-", "_"), "")

        hook = self.lifecycle.hook_for(request.method or "", request.path_info, header)
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
        if response.status_code >= 400:
            # Django logs 4xx/5xx answers after the last middleware returns, which would put
            # the line after End and without the request id; logged here, it is not again.
            log_response(
                "%s: %s", response.reason_phrase, request.path, response=response, request=request
            )
        if isinstance(response, StreamingHttpResponse) and not response.is_async:
            # Not async: an iterator of bytes (Django 4.2's stubs type it as either kind).
            content: Iterable[bytes] = response.streaming_content  # type: ignore[assignment,unused-ignore]
            response.streaming_content = ending_before_last_piece(content, rid)  # pyright: ignore[reportArgumentType]
        else:
            logs.marker("Invoke", "End", rid)
            logs.CURRENT.set(logs.NO_REQUEST)
        return response
