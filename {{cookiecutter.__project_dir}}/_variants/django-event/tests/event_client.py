"""FC's events through Django's test client, and where the app keeps its shared state."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.test import Client

if TYPE_CHECKING:  # the test client's answer type exists in django-stubs only
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse


def post_event(client: Client, body: bytes, headers: dict) -> TestResponse:
    """POST one event to ``/invoke`` as FC does: the bytes as they are, octet-stream."""
    return client.post(
        "/invoke", data=body, content_type="application/octet-stream", headers=headers
    )


def state_of(app: Any) -> Any:
    """What ``initialize`` fills and ``handle`` gets as ``context.state``: the shared state
    itself (the ``app`` fixture)."""
    return app
