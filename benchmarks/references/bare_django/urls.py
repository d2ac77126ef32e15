"""The two views of the bare Django reference."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import path


def initialize(request: HttpRequest) -> HttpResponse:
    """Answer FC's Initializer with 200."""
    return HttpResponse("OK", content_type="text/plain")


def index(request: HttpRequest) -> JsonResponse:
    """Answer an invocation with the variant's example body (the same JSON echo)."""
    return JsonResponse(
        {
            "message": "Hello from bench",
            "method": request.method,
            "path": request.path,
            "bodyBytes": len(request.body),
            "requestId": request.headers.get("x-fc-request-id", ""),
        }
    )


urlpatterns = [path("initialize", initialize), path("", index)]
