{% import "text/" ~ cookiecutter.language ~ "/code.j2" as text with context %}"""{{ text.flask_invoke }}"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, request

import handler
from fc_support import events

routes = Blueprint("routes", __name__)


@routes.post("/invoke")
def invoke() -> Response:
    """{{ text.flask_invoke_invoke }}"""
    app = current_app._get_current_object()  # type: ignore[attr-defined]  # the app, not its proxy
    answer = events.invoke(handler, request.get_data(), header, app)
    body, content_type = answer.encoded()
    return Response(body, answer.status, answer.headers, content_type=content_type)


def header(name: str) -> str:
    """{{ text.flask_invoke_header }}"""
    return request.headers.get(name, "")
