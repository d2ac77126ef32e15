"""Bare Flask reference: the variant's example routes written the same way, no FC plumbing.

GET / is the variant's example route as it is written there: a blueprint registered by an
app factory, reading its greeting from ``current_app.config``. So the ratio measures
FC's plumbing (the WSGI middleware and its marker lines), not the shape of the example.

Served by gunicorn with the Flask variant's own ``gunicorn.conf.py`` (see ``apps.py``).
"""

import bare_markers
from flask import Blueprint, Flask, current_app, request

routes = Blueprint("routes", __name__)


@routes.post("/initialize")
def initialize() -> str:
    """Answer FC's Initializer with 200."""
    return "OK"


@routes.get("/")
def index() -> dict:
    """Answer an invocation with the variant's example body, the variant's way."""
    rid = request.headers.get("x-fc-request-id", "")
    bare_markers.write("Start", rid)
    body = {"message": current_app.config.get("GREETING", "Hello from Function Compute")}
    bare_markers.write("End", rid)
    return body


def create_app() -> Flask:
    """The app factory, as the variant's."""
    app = Flask(__name__)
    app.register_blueprint(routes)
    return app


app = create_app()
