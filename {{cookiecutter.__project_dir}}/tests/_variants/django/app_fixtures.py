"""The Django app and its test client; a new client is a new FC instance."""

from __future__ import annotations

import os
from collections.abc import Iterator

import django
import pytest

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from django.apps import AppConfig, apps  # noqa: E402
from django.test import Client  # noqa: E402

# The exit status of bootstrap's server after SIGTERM once it has drained (test_contract.py).
CLEAN_STOP_STATUS = 0


@pytest.fixture
def resources() -> dict:
    """What the views find on the ``fcapp`` config instead of what ``initialize`` makes.

    Override this fixture to give your views fakes (``{"db": FakeDb()}``), so that tests
    never reach the services ``initialize`` connects to on FC.
    """
    return {"greeting": "Hello from the tests"}


@pytest.fixture
def app(resources: dict) -> Iterator[AppConfig]:
    """The app's shared state (the ``fcapp`` config) holding ``resources``."""
    state = apps.get_app_config("fcapp")
    before = dict(vars(state))
    vars(state).update(resources)
    yield state
    vars(state).clear()
    vars(state).update(before)


@pytest.fixture
def client(app: AppConfig) -> Client:
    """Django's test client: its own handler, so its own lifecycle state."""
    return Client()
