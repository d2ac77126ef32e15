"""FC's lifecycle hooks as Flask routes; the code they run is in ``lifecycle.py``."""

from __future__ import annotations

{% if cookiecutter.initializer or cookiecutter.pre_stop -%}
from flask import Blueprint, Response, current_app, request

import fc_support
{%- else -%}
from flask import Blueprint
{%- endif %}

lifecycle_blueprint = Blueprint("fc_lifecycle", __name__)
{%- if cookiecutter.initializer or cookiecutter.pre_stop %}


def _answer(outcome: fc_support.Outcome) -> Response:
    return Response(outcome.body, status=outcome.status, mimetype="text/plain")
{%- endif %}
{%- if cookiecutter.initializer %}


@lifecycle_blueprint.post("/initialize")
def initialize() -> Response:
    """Initializer: FC calls it once the server answers, before the first request."""
    return _answer(current_app.extensions["fc_lifecycle"].initialize(request.headers))
{%- endif %}
{%- if cookiecutter.pre_stop %}


@lifecycle_blueprint.get("/pre-stop")
def pre_stop() -> Response:
    """PreStop: FC calls it before it destroys the instance."""
    return _answer(current_app.extensions["fc_lifecycle"].pre_stop(request.headers))
{%- endif %}
