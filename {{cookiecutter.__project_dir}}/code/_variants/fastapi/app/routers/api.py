"""Your function: every path and method that is not a lifecycle hook lands here."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

import fc_support
import lifecycle

router = APIRouter()
METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]


@router.api_route("/{path:path}", methods=METHODS)
async def invoke(path: str, request: Request) -> JSONResponse:
    """Answer one invocation, between FC's Invoke Start and End marker lines."""
    rid = fc_support.request_id(request.headers)
    # The End marker is written before the answer leaves: FC may freeze the instance as
    # soon as the answer is complete, and a line written after that is lost.
    with fc_support.invocation(rid):
        body = await request.body()
        return JSONResponse(
            {
                "message": lifecycle.STATE["greeting"],
                "method": request.method,
                "path": f"/{path}",
                "bodyBytes": len(body),
                "requestId": rid,
            }
        )
