"""The FastAPI app and its TestClient, one new app (one FC instance) per test."""

from __future__ import annotations

import signal
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.main import create_app

# The exit status of bootstrap's server after SIGTERM once it has drained (test_contract.py):
# uvicorn re-raises the signal after its graceful shutdown, so it ends "killed by SIGTERM".
CLEAN_STOP_STATUS = -signal.SIGTERM


{% with routes = "routes", where = "in ``app.state``" %}{% include "tests/resources-fixture.py" %}{% endwith %}

@pytest.fixture
def app(resources: dict) -> FastAPI:
    """A new app, its shared state holding ``resources``."""
    app = create_app()
    for name, value in resources.items():
        setattr(app.state, name, value)
    return app


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    """FastAPI's test client for ``app``, its lifespan started."""
    with TestClient(app) as test_client:
        yield test_client
