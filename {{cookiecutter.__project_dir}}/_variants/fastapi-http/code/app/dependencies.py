{% import "text/" ~ cookiecutter.language ~ "/code.j2" as text with context %}"""{{ text.fastapi_dependencies }}"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from starlette.datastructures import State


async def app_state(request: Request) -> State:
    """{{ text.fastapi_dependencies_app_state }}"""
    return request.app.state


AppState = Annotated[State, Depends(app_state)]
