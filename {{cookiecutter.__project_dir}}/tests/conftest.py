"""Fixtures shared by every test: FC's environment and headers, a fresh app per test."""

from __future__ import annotations

import sys
import uuid
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent / "code"), str(HERE)]

from app_client import app_client  # noqa: E402
from helpers import SECRET_ENV, SECRET_HEADERS  # noqa: E402

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
def client():
    """A new instance of the app, served through the framework's test client."""
    with app_client() as test_client:
        yield test_client


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
