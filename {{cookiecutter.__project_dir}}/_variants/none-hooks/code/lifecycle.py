"""Your instance's lifecycle hooks. FC calls them; ``fc_support`` wires them in.

``state`` is the server's shared dict: what ``initialize`` puts there, {% if cookiecutter.function_type == "event" %}``handle`` reads
as ``context.state["name"]``{% else %}your routes read
as ``request.state["name"]``{% endif %} and ``pre_stop`` releases. ``context`` tells the
request id, the function's name and region, and the role's credentials
(``context.credentials``; never log them).
{%- include "lifecycle/hooks-docstring.txt" %}
"""

from __future__ import annotations

from fc_support import Context

# For type checkers only (they read TYPE_CHECKING as True): importing typing would add
# milliseconds to every cold start, the one thing this server is chosen for.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any
{%- if cookiecutter.initializer %}


def initialize(state: dict[str, Any], context: Context) -> None:
    """Create what your routes share: clients, connection pools, configuration."""
    name = context.function_name or {{ cookiecutter.function_name | tojson }}
    state["greeting"] = f"Hello from {name}"
    # Clients your routes share go here too: state["db"] = connect(...) (see README.md).
{%- endif %}
{%- if cookiecutter.pre_stop %}


def pre_stop(state: dict[str, Any], context: Context) -> None:
    """Release what ``initialize`` created before the instance goes away."""
    state.pop("greeting", None)
{%- endif %}
