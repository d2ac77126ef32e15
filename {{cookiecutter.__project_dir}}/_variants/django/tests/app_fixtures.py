"""The Django app and its test client; a new client is a new FC instance."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import django
import pytest

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils.module_loading import import_string  # noqa: E402

# The exit status of bootstrap's server after SIGTERM once it has drained (test_contract.py).
CLEAN_STOP_STATUS = 0


{% with routes = "views", where = "on the shared state" %}{% include "tests/resources-fixture.py" %}{% endwith %}

@pytest.fixture
def app(resources: dict) -> Iterator[Any]:
    """The shared state (``settings.FC_SHARED_STATE``) holding ``resources``."""
    state = import_string(settings.FC_SHARED_STATE)
    before = dict(vars(state))
    vars(state).update(resources)
    yield state
    vars(state).clear()
    vars(state).update(before)


@pytest.fixture
def client(app: Any) -> Client:
    """Django's test client: its own handler, so its own lifecycle state."""
    return Client()
