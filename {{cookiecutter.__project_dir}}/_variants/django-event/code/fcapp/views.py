"""FC's one view for an event function: ``POST /invoke`` runs ``handle`` in handler.py.

You should not need to edit this file: write your code in ``handler.py``. ``handle`` gets
``fcapp.state.shared`` (what ``initialize`` prepared) as ``context.state``.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

import handler
from fc_support import events
from fcapp.state import shared


@csrf_exempt
@require_POST
def invoke(request: HttpRequest) -> HttpResponse:
    """Run ``handle`` on the event (the request's body) and answer as FC expects."""

    def header(name: str) -> str:
        return request.headers.get(name, "")

    answer = events.invoke(handler, request.body, header, shared)
    body, content_type = answer.encoded()
    return HttpResponse(
        body, status=answer.status, headers=answer.headers, content_type=content_type
    )
