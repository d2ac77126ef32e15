"""Your views; ``urls.py`` maps paths to them."""

from __future__ import annotations

import json

from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from fcapp.state import shared


@require_GET
def index(request: HttpRequest) -> JsonResponse:
    """Say hello: ``initialize`` in lifecycle.py sets the greeting."""
    return JsonResponse({"message": shared.greeting})


@csrf_exempt
@require_POST
def save_item(request: HttpRequest, item_id: str) -> JsonResponse:
    """Read a JSON body; a malformed one is answered 400."""
    try:
        item = json.loads(request.body)
    except ValueError:
        return JsonResponse({"error": "the body is not JSON"}, status=400)
    return JsonResponse({"id": item_id, "item": item}, status=201)
