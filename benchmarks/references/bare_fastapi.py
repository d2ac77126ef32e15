"""Bare FastAPI reference: the two routes, no lifecycle scaffolding.

GET / answers what the variant's example route answers (the same small JSON), so the
ratio measures FC's plumbing and not the example.

Served by uvicorn with the FastAPI variant's own command-line flags (see ``apps.py``).
"""

from fastapi import FastAPI
from fastapi.responses import PlainTextResponse

app = FastAPI()


@app.post("/initialize", response_class=PlainTextResponse)
async def initialize() -> str:
    """Answer FC's Initializer with 200."""
    return "OK"


@app.get("/")
async def index() -> dict:
    """Answer an invocation with the variant's example body."""
    return {"message": "Hello from Function Compute"}
