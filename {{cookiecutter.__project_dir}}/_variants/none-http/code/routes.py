{% import "text/" ~ cookiecutter.language ~ "/code.j2" as text with context %}"""{{ text.none_routes }}"""

from __future__ import annotations

from fc_support.server import Request, Route


def index(request: Request) -> tuple[int, dict]:
    """{{ text.none_routes_index }}"""
    return 200, {"message": request.state.get("greeting", "Hello from Function Compute")}


def save_item(request: Request, item_id: str) -> tuple[int, dict]:
    """{{ text.none_routes_save_item }}"""
    return 201, {"id": item_id, "item": request.json()}


ROUTES: list[tuple[str, str, Route]] = [
    ("GET", "/", index),
    ("POST", "/items/{item_id}", save_item),
]
