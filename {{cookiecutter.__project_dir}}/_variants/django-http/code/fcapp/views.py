{% import "text/" ~ cookiecutter.language ~ "/code.j2" as text with context %}"""{{ text.django_views }}"""

from __future__ import annotations

import json

from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from fcapp.state import shared


@require_GET
def index(request: HttpRequest) -> JsonResponse:
    """{{ text.django_views_index }}"""
    return JsonResponse({"message": shared.greeting})


@csrf_exempt
@require_POST
def save_item(request: HttpRequest, item_id: str) -> JsonResponse:
    """{{ text.django_views_save_item }}"""
    try:
        item = json.loads(request.body)
    except ValueError:
        return JsonResponse({"error": "the body is not JSON"}, status=400)
    return JsonResponse({"id": item_id, "item": item}, status=201)
