"""Your routes: add them to this blueprint."""

from __future__ import annotations

from flask import Blueprint, current_app, request

routes = Blueprint("routes", __name__)


@routes.get("/")
def index() -> dict:
    """Say hello: ``initialize`` in lifecycle.py sets the greeting."""
    return {"message": current_app.config.get("GREETING", "Hello from Function Compute")}


@routes.post("/items/<item_id>")
def save_item(item_id: str) -> tuple[dict, int]:
    """Read a JSON body (a malformed one is answered 400 by Flask)."""
    return {"id": item_id, "item": request.get_json()}, 201
