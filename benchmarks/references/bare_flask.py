"""Bare Flask reference: the two routes, no lifecycle scaffolding.

Served by gunicorn with the Flask variant's own ``gunicorn.conf.py`` (see ``apps.py``).
"""

from flask import Flask

app = Flask(__name__)


@app.post("/initialize")
def initialize() -> str:
    """Answer FC's Initializer with 200."""
    return "OK"


@app.get("/")
def index() -> str:
    """Answer an invocation with a small body."""
    return "Hello, World!"
