{% import "text/" ~ cookiecutter.language ~ "/code.j2" as text with context %}"""{{ text.fastapi_items }}"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from app.dependencies import AppState

router = APIRouter()


@router.get("/")
async def index(state: AppState) -> dict:
    """{{ text.fastapi_items_index }}"""
    return {"message": getattr(state, "greeting", "Hello from Function Compute")}


@router.post("/items/{item_id}", status_code=201)
async def save_item(item_id: str, item: dict[str, Any]) -> dict:
    """{{ text.fastapi_items_save_item }}"""
    return {"id": item_id, "item": item}
