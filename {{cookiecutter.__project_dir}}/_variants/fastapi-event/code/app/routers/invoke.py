{% import "text/" ~ cookiecutter.language ~ "/code.j2" as text with context %}"""{{ text.fastapi_invoke }}"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from starlette.concurrency import run_in_threadpool

import handler
from fc_support import events

router = APIRouter()


@router.post("/invoke")
async def invoke(request: Request) -> Response:
    """{{ text.fastapi_invoke_invoke }}"""
    body = await request.body()

    def header(name: str) -> str:
        return request.headers.get(name, "")

    answer = await run_in_threadpool(events.invoke, handler, body, header, request.app.state)
    data, content_type = answer.encoded()
    return Response(data, answer.status, answer.headers, media_type=content_type)
