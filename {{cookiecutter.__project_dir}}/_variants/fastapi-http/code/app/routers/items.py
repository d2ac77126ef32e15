"""Your routes: add them to this router."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from app.dependencies import AppState

router = APIRouter()


@router.get("/")
async def index(state: AppState) -> dict:
    """Say hello: ``initialize`` in lifecycle.py sets the greeting."""
    return {"message": getattr(state, "greeting", "Hello from Function Compute")}


@router.post("/items/{item_id}", status_code=201)
async def save_item(item_id: str, item: dict[str, Any]) -> dict:
    """Read a JSON body (FastAPI answers 422 to a malformed one)."""
    return {"id": item_id, "item": item}
