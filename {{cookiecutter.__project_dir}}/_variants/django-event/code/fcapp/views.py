{% import "text/" ~ cookiecutter.language ~ "/code.j2" as text with context %}"""{{ text.django_invoke }}"""

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
    """{{ text.django_invoke_invoke }}"""

    def header(name: str) -> str:
        return request.headers.get(name, "")

    answer = events.invoke(handler, request.body, header, shared)
    body, content_type = answer.encoded()
    return HttpResponse(
        body, status=answer.status, headers=answer.headers, content_type=content_type
    )
