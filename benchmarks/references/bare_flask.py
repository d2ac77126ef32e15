"""Bare Flask reference: the two routes, no lifecycle scaffolding.

GET / answers what the variant's example view answers (the same JSON echo of the request),
so the ratio measures the lifecycle scaffolding and not the example.

Served by gunicorn with the Flask variant's own ``gunicorn.conf.py`` (see ``apps.py``).
"""

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.post("/initialize")
def initialize() -> str:
    """Answer FC's Initializer with 200."""
    return "OK"


@app.get("/")
def index():
    """Answer an invocation with the variant's example body."""
    body = request.get_data(cache=False)
    return jsonify(
        message="Hello from bench",
        method=request.method,
        path=request.path,
        bodyBytes=len(body),
        requestId=request.headers.get("x-fc-request-id", ""),
    )
