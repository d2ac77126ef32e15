"""The two views of the bare Django reference."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import path


def initialize(request: HttpRequest) -> HttpResponse:
    """Answer FC's Initializer with 200."""
    return HttpResponse("OK", content_type="text/plain")


def index(request: HttpRequest) -> JsonResponse:
    """Answer an invocation with the variant's example body."""
    return JsonResponse({"message": "Hello from Function Compute"})


urlpatterns = [path("initialize", initialize), path("", index)]
