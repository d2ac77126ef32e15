"""The two views of the bare Django reference."""

from django.http import HttpRequest, HttpResponse
from django.urls import path


def initialize(request: HttpRequest) -> HttpResponse:
    """Answer FC's Initializer with 200."""
    return HttpResponse("OK", content_type="text/plain")


def index(request: HttpRequest) -> HttpResponse:
    """Answer an invocation with a small body."""
    return HttpResponse("Hello, World!", content_type="text/plain")


urlpatterns = [path("initialize", initialize), path("", index)]
