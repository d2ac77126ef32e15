{% import "text/" ~ cookiecutter.language ~ "/code.j2" as text with context %}"""{{ text.fastapi_lifecycle }}"""

from __future__ import annotations

from starlette.datastructures import State

from fc_support import Context
{%- if cookiecutter.initializer %}


async def initialize(state: State, context: Context) -> None:
    """{{ text.fastapi_lifecycle_initialize }}"""
    name = context.function_name or {{ cookiecutter.function_name | tojson }}
    state.greeting = f"Hello from {name}"
    {{ text.fastapi_lifecycle_initialize_comment }}
{%- endif %}
{%- if cookiecutter.pre_stop %}


async def pre_stop(state: State, context: Context) -> None:
    """{{ text.fastapi_lifecycle_pre_stop }}"""
    if hasattr(state, "greeting"):
        del state.greeting
{%- endif %}
