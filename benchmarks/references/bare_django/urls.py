"""The views of the bare Django reference, routed the variant's way.

The variant's project URLconf includes its app's ``urls.py`` and its example view is
decorated with ``require_GET``; so are these. The ratio then measures FC's plumbing (the
middleware and its marker lines), not the shape of the example.
"""

import bare_markers
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST


class Shared:
    """The instance's shared state (the variant keeps it on its app's config)."""


SHARED = Shared()


@csrf_exempt
@require_POST
def initialize(request: HttpRequest) -> HttpResponse:
    """Answer FC's Initializer with 200."""
    return HttpResponse("OK", content_type="text/plain")


@require_GET
def index(request: HttpRequest) -> JsonResponse:
    """Answer an invocation with the variant's example body, the variant's way."""
    rid = request.headers.get("x-fc-request-id", "")
    bare_markers.write("Start", rid)
    body = {"message": getattr(SHARED, "greeting", "Hello from Function Compute")}
    bare_markers.write("End", rid)
    return JsonResponse(body)


# GET / first, as in the variant (which answers /initialize in its middleware).
app_urls = [path("", index), path("initialize", initialize)]
urlpatterns = [path("", include(app_urls))]
