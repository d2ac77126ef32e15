"""Bare FastAPI reference: the two routes, no lifecycle scaffolding.

Served by uvicorn with the FastAPI variant's own command-line flags (see ``apps.py``).
"""

from fastapi import FastAPI
from fastapi.responses import PlainTextResponse

app = FastAPI()


@app.post("/initialize", response_class=PlainTextResponse)
async def initialize() -> str:
    """Answer FC's Initializer with 200."""
    return "OK"


@app.get("/", response_class=PlainTextResponse)
async def index() -> str:
    """Answer an invocation with a small body."""
    return "Hello, World!"
