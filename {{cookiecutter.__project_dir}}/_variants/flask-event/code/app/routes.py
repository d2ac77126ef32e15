"""FC's one route for an event function: ``POST /invoke`` runs ``handle`` in handler.py.

You should not need to edit this file: write your code in ``handler.py``. ``handle`` gets
the Flask app (what ``initialize`` prepared) as ``context.state``.
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, request

import handler
from fc_support import events

routes = Blueprint("routes", __name__)


@routes.post("/invoke")
def invoke() -> Response:
    """Run ``handle`` on the event (the request's body) and answer as FC expects."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]  # the app, not its proxy
    answer = events.invoke(handler, request.get_data(), header, app)
    body, content_type = answer.encoded()
    return Response(body, answer.status, answer.headers, content_type=content_type)


def header(name: str) -> str:
    """One header of the request being served; "" when it is missing."""
    return request.headers.get(name, "")
