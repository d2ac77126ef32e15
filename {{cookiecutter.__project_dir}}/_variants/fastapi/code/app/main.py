"""The FastAPI app. uvicorn serves ``app.main:app``."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from logging.config import dictConfig

from anyio import to_thread
from fastapi import FastAPI

from app.routers import {{ 'items' if cookiecutter.function_type == 'http' else 'invoke' }}
from fc_support import log_format, settings, uvicorn_logging
from fc_support.asgi import FCMiddleware
from fc_support.framing_asgi import StrictFraming


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Size the thread pool of sync routes to what FC sends at once (instanceConcurrency).

    uvicorn runs this once per process: before the port opens, and at SIGTERM after the
    last request. Clients your routes share are made by ``initialize`` in lifecycle.py
    instead: FC calls it after the port opens, with its own timeout and retries, and again
    after each ``pre_stop`` (see README.md, "How the lifecycle hooks behave on FC").
    """
    to_thread.current_default_thread_limiter().total_tokens = settings.concurrency()
    yield


def create_app() -> FastAPI:
    """Create the app for one FC instance."""
    # FC's log format for your log lines, credentials masked (uvicorn keeps its own).
    dictConfig(log_format.LOGGING)
    uvicorn_logging.install()
    # /docs, /redoc and /openapi.json are on; openapi_url=None turns all three off.
    app = FastAPI(lifespan=lifespan)
    app.include_router({{ 'items' if cookiecutter.function_type == 'http' else 'invoke' }}.router)
    # FC's marker lines and lifecycle hooks around every request, your routes included.
    # The hooks in lifecycle.py share app.state with your routes.
    app.add_middleware(FCMiddleware, state=app.state)
    # Outermost: ambiguous or oversized requests are refused before anything reads them.
    app.add_middleware(StrictFraming)
    return app


app = create_app()
