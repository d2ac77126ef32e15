"""Fixtures every test shares: FC's environment and headers.

The app, its test client and ``resources`` (what stands in for the services ``initialize``
connects to) come from ``app_fixtures.py``.
"""

from __future__ import annotations

import uuid

import pytest

from app_fixtures import app, client, resources  # noqa: F401 - fixtures for every test
from helpers import SECRET_ENV, SECRET_HEADERS

FUNCTION_NAME = {{ cookiecutter.function_name | tojson }}


@pytest.fixture(autouse=True)
def fc_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Set the variables FC gives an instance, credentials as recognisable markers."""
    monkeypatch.setenv("FC_FUNCTION_NAME", FUNCTION_NAME)
    monkeypatch.setenv("FC_REGION", {{ cookiecutter.region | tojson }})
    monkeypatch.setenv("FC_INSTANCE_ID", "test-instance")
    for name, value in SECRET_ENV.items():
        monkeypatch.setenv(name, value)


@pytest.fixture
def fc_headers() -> dict[str, str]:
    """FC's common request headers for one call, with a fresh request id."""
    return {
        "x-fc-request-id": f"1-{uuid.uuid4().hex[:8]}-{uuid.uuid4().hex[:8]}",
        "x-fc-function-name": FUNCTION_NAME,
        "x-fc-region": {{ cookiecutter.region | tojson }},
        "x-fc-function-memory": "{{ cookiecutter.memory_size }}",
        **SECRET_HEADERS,
    }


@pytest.fixture
def invocation_headers(fc_headers: dict[str, str]) -> dict[str, str]:
    """FC's headers on a request through the HTTP trigger (not a lifecycle call)."""
    return {**fc_headers, "x-fc-control-path": "/http-invoke"}
