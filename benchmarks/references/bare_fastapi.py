"""Bare FastAPI reference: the two routes, no lifecycle scaffolding.

GET / answers what the variant's example route answers (the same JSON echo of the request),
so the ratio measures the lifecycle scaffolding and not the example.

Served by uvicorn with the FastAPI variant's own command-line flags (see ``apps.py``).
"""

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, PlainTextResponse

app = FastAPI()


@app.post("/initialize", response_class=PlainTextResponse)
async def initialize() -> str:
    """Answer FC's Initializer with 200."""
    return "OK"


@app.get("/")
async def index(request: Request) -> JSONResponse:
    """Answer an invocation with the variant's example body."""
    body = await request.body()
    return JSONResponse(
        {
            "message": "Hello from bench",
            "method": request.method,
            "path": request.url.path,
            "bodyBytes": len(body),
            "requestId": request.headers.get("x-fc-request-id", ""),
        }
    )
