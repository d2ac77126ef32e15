"""Serve the Django app with fresh lifecycle state through Django's test client."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NamedTuple

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from django.test import Client as DjangoClient  # noqa: E402

import fc_support  # noqa: E402
import lifecycle  # noqa: E402
from fcapp import views  # noqa: E402


class Response(NamedTuple):
    """What the tests look at in an answer."""

    status: int
    text: str


class Client:
    """Sends requests through ``django.test.Client``."""

    def __init__(self) -> None:
        self._client = DjangoClient()

    def request(
        self, method: str, path: str, headers: dict | None = None, body: bytes = b""
    ) -> Response:
        """Send one request and read the whole answer."""
        answer = self._client.generic(
            method, path, data=body, content_type="application/octet-stream", headers=headers
        )
        return Response(answer.status_code, answer.content.decode())


@contextmanager
def app_client() -> Iterator[Client]:
    """A new instance's lifecycle state for the duration of the block."""
    views.LIFECYCLE = fc_support.Lifecycle(lifecycle)
    yield Client()
