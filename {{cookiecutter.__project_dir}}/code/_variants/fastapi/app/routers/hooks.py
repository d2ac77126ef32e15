"""FC's lifecycle hooks as FastAPI routes; the code they run is in ``lifecycle.py``."""

from __future__ import annotations

{% if cookiecutter.initializer or cookiecutter.pre_stop -%}
from fastapi import APIRouter, Request
from fastapi.responses import PlainTextResponse
from starlette.concurrency import run_in_threadpool
{%- else -%}
from fastapi import APIRouter
{%- endif %}

router = APIRouter()
{%- if cookiecutter.initializer %}


@router.post("/initialize", response_class=PlainTextResponse)
async def initialize(request: Request) -> PlainTextResponse:
    """Initializer: FC calls it once the server answers, before the first request."""
    # Your initialize code may block; a thread keeps the event loop answering meanwhile.
    outcome = await run_in_threadpool(request.app.state.fc_lifecycle.initialize, request.headers)
    return PlainTextResponse(outcome.body, status_code=outcome.status)
{%- endif %}
{%- if cookiecutter.pre_stop %}


@router.get("/pre-stop", response_class=PlainTextResponse)
async def pre_stop(request: Request) -> PlainTextResponse:
    """PreStop: FC calls it before it destroys the instance."""
    outcome = await run_in_threadpool(request.app.state.fc_lifecycle.pre_stop, request.headers)
    return PlainTextResponse(outcome.body, status_code=outcome.status)
{%- endif %}
