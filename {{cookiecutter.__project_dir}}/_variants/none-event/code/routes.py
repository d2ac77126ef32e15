"""FC's one route for an event function: ``POST /invoke`` runs ``handle`` in handler.py.

You should not need to edit this file: write your code in ``handler.py``. ``handle`` gets
the server's shared dict (what ``initialize`` filled) as ``context.state``.
"""

from __future__ import annotations

import handler
from fc_support import events
from fc_support.server import Reply, Request, Route


def invoke(request: Request) -> tuple[int, Reply]:
    """Run ``handle`` on the event; the server encodes the result as any route's."""

    def header(name: str) -> str:
        return request.headers.get(name) or ""

    answer = events.invoke(handler, request.body, header, request.state, request.request_id)
    return answer.status, Reply(answer.payload, answer.headers)


ROUTES: list[tuple[str, str, Route]] = [("POST", "/invoke", invoke)]
