"""Your instance's lifecycle hooks. FC calls them; ``fc_support`` wires them in.

``state`` is the app's ``app.state``: what ``initialize`` sets there, {% if cookiecutter.function_type == "event" %}``handle`` reads
as ``context.state.name``{% else %}your routes read
through ``state: AppState`` (app/dependencies.py){% endif %} and ``pre_stop`` releases. ``context``
tells the request id, the function's name and region, and the role's credentials
(``context.credentials``; never log them). Write them ``async def``, as routes are: they are
awaited on the event loop that serves your routes, so an async client made here
(``httpx.AsyncClient``, an asyncpg or redis.asyncio pool) works in them. A plain ``def``
hook runs in a worker thread instead, where blocking calls are fine.
{%- include "lifecycle/hooks-docstring.txt" %}
"""

from __future__ import annotations

from starlette.datastructures import State

from fc_support import Context
{%- if cookiecutter.initializer %}


async def initialize(state: State, context: Context) -> None:
    """Create what your routes share: clients, connection pools, configuration."""
    name = context.function_name or {{ cookiecutter.function_name | tojson }}
    state.greeting = f"Hello from {name}"
    # Clients your routes share go here too: state.http = httpx.AsyncClient() (see README.md).
{%- endif %}
{%- if cookiecutter.pre_stop %}


async def pre_stop(state: State, context: Context) -> None:
    """Release what ``initialize`` created before the instance goes away."""
    if hasattr(state, "greeting"):
        del state.greeting
{%- endif %}
