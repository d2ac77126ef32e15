"""Your instance's lifecycle code: edit the functions below; the wiring calls them.

{%- if cookiecutter.initializer %}

``initialize`` runs once per instance, after the server is up and before the first
request (FC calls ``POST /initialize``, timeout {{ cookiecutter.initializer_timeout }} s). Raise any
exception to report a failure: FC keeps the instance out of service and calls again (HTTP
400). Raise ``fc_support.RestartInstance`` to have FC restart the instance (HTTP 500).
{%- endif %}
{%- if cookiecutter.pre_stop %}

``pre_stop`` runs before FC destroys an idle instance (FC calls ``GET /pre-stop``,
timeout {{ cookiecutter.pre_stop_timeout }} s): flush buffers, close connections. A failure is logged and does not stop
the shutdown.
{%- endif %}

Credentials of the function's role are in ``context.credentials``; never print them.
"""

{%- if cookiecutter.initializer or cookiecutter.pre_stop %}

from __future__ import annotations
{%- if cookiecutter.initializer %}

import time
{%- endif %}

from fc_support import Context
{%- endif %}

# State shared by every request this instance serves.
STATE: dict = {"greeting": "Hello from Function Compute", "initialized_at": None}
{%- if cookiecutter.initializer %}


def initialize(context: Context) -> None:
    """Prepare what every request needs: clients, configuration, caches."""
    name = context.function_name or {{ cookiecutter.function_name | tojson }}
    STATE["greeting"] = f"Hello from {name}"
    STATE["initialized_at"] = time.time()
{%- endif %}
{%- if cookiecutter.pre_stop %}


def pre_stop(context: Context) -> None:
    """Release what ``initialize`` prepared before the instance goes away."""
    STATE["initialized_at"] = None
{%- endif %}
