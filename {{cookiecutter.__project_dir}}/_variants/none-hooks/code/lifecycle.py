{% import "text/" ~ cookiecutter.language ~ "/code.j2" as text with context %}"""{{ text.none_lifecycle }}"""

from __future__ import annotations

from fc_support import Context

{{ text.none_lifecycle_typing_comment }}
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any
{%- if cookiecutter.initializer %}


def initialize(state: dict[str, Any], context: Context) -> None:
    """{{ text.none_lifecycle_initialize }}"""
    name = context.function_name or {{ cookiecutter.function_name | tojson }}
    state["greeting"] = f"Hello from {name}"
    {{ text.none_lifecycle_initialize_comment }}
{%- endif %}
{%- if cookiecutter.pre_stop %}


def pre_stop(state: dict[str, Any], context: Context) -> None:
    """{{ text.none_lifecycle_pre_stop }}"""
    state.pop("greeting", None)
{%- endif %}
