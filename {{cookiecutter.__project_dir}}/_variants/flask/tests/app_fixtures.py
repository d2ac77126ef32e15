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
    """The configuration the routes find in ``app.config`` instead of what ``initialize``
    prepares.

    Override this fixture to point your extensions at test services (an sqlite
    ``SQLALCHEMY_DATABASE_URI``), so that tests never reach the ones used on FC.
    """
    return {"GREETING": "Hello from the tests"}


@pytest.fixture
def app(resources: dict) -> Flask:
    """A new app, its configuration holding ``resources``."""
    return create_app(resources)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """Flask's test client for ``app``."""
    return app.test_client()
