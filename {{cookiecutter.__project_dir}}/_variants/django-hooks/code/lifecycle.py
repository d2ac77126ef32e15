"""Your instance's lifecycle hooks. FC calls them; ``fc_support`` wires them in.

``state`` is ``fcapp.state.shared`` (``settings.FC_SHARED_STATE``): what ``initialize`` sets
on it, {% if cookiecutter.function_type == "event" %}``handle`` reads as ``context.state.name``{% else %}your views read as ``shared.name`` (``from fcapp.state import shared``){% endif %} and
``pre_stop`` releases. Both run with Django set up, inside a request as Django serves it, so
models and the ORM work here as in a view. ``context`` tells the request id, the
function's name and region, and the role's credentials (``context.credentials``; never log
them).
{%- include "lifecycle/hooks-docstring.txt" %}
"""

from __future__ import annotations

from fc_support import Context
from fcapp.state import Shared
{%- if cookiecutter.initializer %}


def initialize(state: Shared, context: Context) -> None:
    """Prepare what your views share: clients, connection pools, configuration."""
    name = context.function_name or {{ cookiecutter.function_name | tojson }}
    state.greeting = f"Hello from {name}"
    # Clients your views share go here too, declared in fcapp/state.py (see README.md).
{%- endif %}
{%- if cookiecutter.pre_stop %}


def pre_stop(state: Shared, context: Context) -> None:
    """Release what ``initialize`` prepared before the instance goes away."""
    state.greeting = "Hello from Function Compute"
{%- endif %}
