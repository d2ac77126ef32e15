{% import "text/" ~ cookiecutter.language ~ "/code.j2" as text with context %}"""{{ text.fastapi_main }}"""

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
    """{{ text.fastapi_main_lifespan }}"""
    to_thread.current_default_thread_limiter().total_tokens = settings.concurrency()
    yield


def create_app() -> FastAPI:
    """{{ text.fastapi_main_create_app }}"""
    {{ text.fastapi_main_create_app_comment }}
    dictConfig(log_format.LOGGING)
    uvicorn_logging.install()
    {{ text.fastapi_main_create_app_comment2 }}
    app = FastAPI(lifespan=lifespan)
    app.include_router({{ 'items' if cookiecutter.function_type == 'http' else 'invoke' }}.router)
    {{ text.fastapi_main_create_app_comment3 }}
    app.add_middleware(FCMiddleware, state=app.state)
    {{ text.fastapi_main_create_app_comment4 }}
    app.add_middleware(StrictFraming)
    return app


app = create_app()
