"""The views: FC's lifecycle hooks (code in ``lifecycle.py``) and your function."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
{%- if cookiecutter.initializer and cookiecutter.pre_stop %}
from django.views.decorators.http import require_GET, require_POST
{%- elif cookiecutter.initializer %}
from django.views.decorators.http import require_POST
{%- elif cookiecutter.pre_stop %}
from django.views.decorators.http import require_GET
{%- endif %}

import fc_support
import lifecycle

# This instance's lifecycle state (one per process: gunicorn runs a single worker).
LIFECYCLE = fc_support.Lifecycle(lifecycle)


def _answer(outcome: fc_support.Outcome) -> HttpResponse:
    return HttpResponse(outcome.body, status=outcome.status, content_type="text/plain")
{%- if cookiecutter.initializer %}


@csrf_exempt
@require_POST
def initialize(request: HttpRequest) -> HttpResponse:
    """Initializer: FC calls ``POST /initialize`` once the server answers."""
    return _answer(LIFECYCLE.initialize(request.headers))
{%- endif %}
{%- if cookiecutter.pre_stop %}


@require_GET
def pre_stop(request: HttpRequest) -> HttpResponse:
    """PreStop: FC calls ``GET /pre-stop`` before it destroys the instance."""
    return _answer(LIFECYCLE.pre_stop(request.headers))
{%- endif %}


@csrf_exempt
def invoke(request: HttpRequest, path: str) -> HttpResponse:
    """Answer one invocation, between FC's Invoke Start and End marker lines."""
    rid = fc_support.request_id(request.headers)
    # The End marker is written before the answer leaves: FC may freeze the instance as
    # soon as the answer is complete, and a line written after that is lost.
    with fc_support.invocation(rid):
        return JsonResponse(
            {
                "message": lifecycle.STATE["greeting"],
                "method": request.method,
                "path": f"/{path}",
                "bodyBytes": len(request.body),
                "requestId": rid,
            }
        )
