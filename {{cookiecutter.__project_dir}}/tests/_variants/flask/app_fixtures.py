"""The Flask app and its test client, one new app (one FC instance) per test."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app import create_app

# The exit status of bootstrap's server after SIGTERM once it has drained (test_contract.py).
CLEAN_STOP_STATUS = 0


@pytest.fixture
def resources() -> dict:
    """What the routes find in ``app.extensions`` instead of what ``initialize`` makes.

    Override this fixture to give your routes fakes (``{"db": FakeDb()}``), so that tests
    never reach the services ``initialize`` connects to on FC.
    """
    return {"greeting": "Hello from the tests"}


@pytest.fixture
def app(resources: dict) -> Flask:
    """A new app, its shared state holding ``resources``."""
    app = create_app()
    app.extensions.update(resources)
    return app


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """Flask's test client for ``app``."""
    return app.test_client()
