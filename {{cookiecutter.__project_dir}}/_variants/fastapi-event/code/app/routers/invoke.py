"""FC's one route for an event function: ``POST /invoke`` runs ``handle`` in handler.py.

You should not need to edit this file: write your code in ``handler.py``. ``handle`` gets
``app.state`` (what ``initialize`` filled) as ``context.state``. It is a plain function,
so it runs in the thread pool: blocking calls are fine there.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from starlette.concurrency import run_in_threadpool

import handler
from fc_support import events

router = APIRouter()


@router.post("/invoke")
async def invoke(request: Request) -> Response:
    """Run ``handle`` on the event (the request's body) and answer as FC expects."""
    body = await request.body()

    def header(name: str) -> str:
        return request.headers.get(name, "")

    answer = await run_in_threadpool(events.invoke, handler, body, header, request.app.state)
    data, content_type = answer.encoded()
    return Response(data, answer.status, answer.headers, media_type=content_type)
