{% import "text/" ~ cookiecutter.language ~ "/code.j2" as text with context %}"""{{ text.django_lifecycle }}"""

from __future__ import annotations

from fc_support import Context
from fcapp.state import Shared
{%- if cookiecutter.initializer %}


def initialize(state: Shared, context: Context) -> None:
    """{{ text.django_lifecycle_initialize }}"""
    name = context.function_name or {{ cookiecutter.function_name | tojson }}
    state.greeting = f"Hello from {name}"
    {{ text.django_lifecycle_initialize_comment }}
{%- endif %}
{%- if cookiecutter.pre_stop %}


def pre_stop(state: Shared, context: Context) -> None:
    """{{ text.django_lifecycle_pre_stop }}"""
    state.greeting = "Hello from Function Compute"
{%- endif %}
