{% import "text/" ~ cookiecutter.language ~ "/code.j2" as text with context %}"""{{ text.none_invoke }}"""

from __future__ import annotations

import handler
from fc_support import events
from fc_support.server import Reply, Request, Route


def invoke(request: Request) -> tuple[int, Reply]:
    """{{ text.none_invoke_invoke }}"""

    def header(name: str) -> str:
        return request.headers.get(name) or ""

    answer = events.invoke(handler, request.body, header, request.state, request.request_id)
    return answer.status, Reply(answer.payload, answer.headers)


ROUTES: list[tuple[str, str, Route]] = [("POST", "/invoke", invoke)]
