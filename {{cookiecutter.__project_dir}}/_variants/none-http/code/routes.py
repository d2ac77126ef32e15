"""Your routes: write a function, then add a line to ``ROUTES``.

A route gets the ``Request`` (``method``, ``path``, ``query``, ``headers``, ``body``,
``json()``, ``state``, ``request_id``) and each ``{name}`` of its path as an argument, and
returns ``(status, payload)``: a dict or list is sent as JSON, a str as text, bytes as is.
"""

from __future__ import annotations

from fc_support.server import Request, Route


def index(request: Request) -> tuple[int, dict]:
    """Say hello: ``initialize`` in lifecycle.py sets the greeting."""
    return 200, {"message": request.state.get("greeting", "Hello from Function Compute")}


def save_item(request: Request, item_id: str) -> tuple[int, dict]:
    """Read a JSON body (a malformed one is answered 400)."""
    return 201, {"id": item_id, "item": request.json()}


ROUTES: list[tuple[str, str, Route]] = [
    ("GET", "/", index),
    ("POST", "/items/{item_id}", save_item),
]
