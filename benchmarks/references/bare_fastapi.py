"""Bare FastAPI reference: the variant's example routes written the same way, no FC plumbing.

GET / is the variant's example route as it is written there: on an ``APIRouter`` included
by the app (FastAPI matches included routes through more steps than routes declared on the
app), reading ``app.state`` through an async ``Depends``, with FastAPI's API docs on, as the
variant has them since issue 29 (the docs' four routes are matched before GET /: about 16
Python calls of every request). So the ratio measures FC's plumbing (the ASGI middleware
and its marker lines), not the example.

Served by uvicorn with the FastAPI variant's own command-line flags (see ``apps.py``).
"""

from typing import Annotated

import bare_markers
from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.responses import PlainTextResponse
from starlette.datastructures import State


async def app_state(request: Request) -> State:
    """The app's shared state, as the variant's ``app/dependencies.py`` gives it."""
    return request.app.state


AppState = Annotated[State, Depends(app_state)]
router = APIRouter()


@router.get("/")
async def index(request: Request, state: AppState) -> dict:
    """Answer an invocation with the variant's example body, the variant's way."""
    rid = request.headers.get("x-fc-request-id", "")
    bare_markers.write("Start", rid)
    body = {"message": getattr(state, "greeting", "Hello from Function Compute")}
    bare_markers.write("End", rid)
    return body


@router.post("/initialize", response_class=PlainTextResponse)
async def initialize() -> str:
    """Answer FC's Initializer with 200."""
    return "OK"


app = FastAPI()  # /docs, /redoc and /openapi.json on, as in the variant
app.include_router(router)
