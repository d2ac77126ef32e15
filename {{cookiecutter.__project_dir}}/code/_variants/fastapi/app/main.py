"""The FastAPI app: FC's lifecycle routes first, then your routes."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

import fc_support
import lifecycle
from app.routers import api, hooks


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Give each app its own lifecycle state; FC's hooks, not the lifespan, run your code."""
    app.state.fc_lifecycle = fc_support.Lifecycle(lifecycle)
    yield


def create_app() -> FastAPI:
    """Create the app for one FC instance."""
    app = FastAPI(lifespan=lifespan, docs_url=None, redoc_url=None, openapi_url=None)
    app.include_router(hooks.router)
    app.include_router(api.router)
    return app


app = create_app()
