"""Your instance's lifecycle hooks. FC calls them; ``fc_support`` wires them in.

Both get the Flask ``app`` and run inside ``app.app_context()``, so ``current_app`` and your
extensions work here as in a route: set up or warm an extension (``db.create_all()``,
a first query), put configuration in ``app.config``; {% if cookiecutter.function_type == "event" %}``handle`` gets the app as
``context.state``{% else %}your routes read it through
``current_app``{% endif %}, and ``pre_stop`` releases it. ``context`` tells the request id, the
function's name and region, and the role's credentials (``context.credentials``; never log
them).
{%- include "lifecycle/hooks-docstring.txt" %}
"""

from __future__ import annotations

from flask import Flask

from fc_support import Context
{%- if cookiecutter.initializer %}


def initialize(app: Flask, context: Context) -> None:
    """Prepare what your routes share: extensions, clients, configuration."""
    name = context.function_name or {{ cookiecutter.function_name | tojson }}
    app.config["GREETING"] = f"Hello from {name}"
    # Extensions your routes share are set up or warmed here too (see README.md).
{%- endif %}
{%- if cookiecutter.pre_stop %}


def pre_stop(app: Flask, context: Context) -> None:
    """Release what ``initialize`` prepared before the instance goes away."""
    app.config.pop("GREETING", None)
{%- endif %}
