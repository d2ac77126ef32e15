"""Bare FastAPI reference: the two routes, no lifecycle scaffolding.

GET / answers what the variant's example route answers (the same small JSON), the same
way: it reads ``app.state`` through an async ``Depends`` as the variant's route does, so
the ratio measures FC's plumbing and not the example.

Served by uvicorn with the FastAPI variant's own command-line flags (see ``apps.py``).
"""

from typing import Annotated

from fastapi import Depends, FastAPI, Request
from fastapi.responses import PlainTextResponse
from starlette.datastructures import State

app = FastAPI()


async def app_state(request: Request) -> State:
    """The app's shared state, as the variant's ``app/dependencies.py`` gives it."""
    return request.app.state


AppState = Annotated[State, Depends(app_state)]


@app.post("/initialize", response_class=PlainTextResponse)
async def initialize() -> str:
    """Answer FC's Initializer with 200."""
    return "OK"


@app.get("/")
async def index(state: AppState) -> dict:
    """Answer an invocation with the variant's example body."""
    return {"message": getattr(state, "greeting", "Hello from Function Compute")}
