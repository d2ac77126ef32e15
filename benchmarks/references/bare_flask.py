"""Bare Flask reference: the two routes, no lifecycle scaffolding.

GET / answers what the variant's example route answers (the same small JSON), so the
ratio measures FC's plumbing and not the example.

Served by gunicorn with the Flask variant's own ``gunicorn.conf.py`` (see ``apps.py``).
"""

from flask import Flask

app = Flask(__name__)


@app.post("/initialize")
def initialize() -> str:
    """Answer FC's Initializer with 200."""
    return "OK"


@app.get("/")
def index() -> dict:
    """Answer an invocation with the variant's example body."""
    return {"message": "Hello from Function Compute"}
