{% import "text/" ~ cookiecutter.language ~ "/code.j2" as text with context %}"""{{ text.flask_routes }}"""

from __future__ import annotations

from flask import Blueprint, current_app, request

routes = Blueprint("routes", __name__)


@routes.get("/")
def index() -> dict:
    """{{ text.flask_routes_index }}"""
    return {"message": current_app.config.get("GREETING", "Hello from Function Compute")}


@routes.post("/items/<item_id>")
def save_item(item_id: str) -> tuple[dict, int]:
    """{{ text.flask_routes_save_item }}"""
    return {"id": item_id, "item": request.get_json()}, 201
