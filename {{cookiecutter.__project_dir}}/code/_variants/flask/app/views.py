"""Your function: every path and method that is not a lifecycle hook lands here."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, request

import fc_support
import lifecycle

views = Blueprint("views", __name__)
METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]


@views.route("/", defaults={"path": ""}, methods=METHODS)
@views.route("/<path:path>", methods=METHODS)
def invoke(path: str) -> Response:
    """Answer one invocation, between FC's Invoke Start and End marker lines."""
    rid = fc_support.request_id(request.headers)
    # The End marker is written before the answer leaves: FC may freeze the instance as
    # soon as the answer is complete, and a line written after that is lost.
    with fc_support.invocation(rid):
        body = request.get_data(cache=False)
        return jsonify(
            message=lifecycle.STATE["greeting"],
            method=request.method,
            path=f"/{path}",
            bodyBytes=len(body),
            requestId=rid,
        )
