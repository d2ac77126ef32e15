"""The End line of a streamed answer is written before the last piece of its body leaves.

FC may freeze the instance as soon as the answer is complete, so a marker written after the
last byte can be lost. Each framework's generated app gets a route streaming three pieces,
as its developers write one; one request goes through the whole app (middleware included)
as its server drives it, and the order of the marker lines and body pieces is recorded.
The ``none`` server has no streamed answers (a route returns its whole payload).
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys

import pytest
from helpers.projects import project_copy

# Prepares the app with a streaming route; leaves ``drive()`` returning the body pieces in
# the order the server would send them (each one appended to ``events`` as it leaves).
APPS = {
    "flask": """
from flask import Response
from app import create_app

app = create_app()

@app.get("/stream")
def stream():
    return Response(iter([b"a", b"b", b"c"]), mimetype="text/plain")

def drive():
    for piece in app(wsgi_environ(), lambda status, headers, exc_info=None: None):
        events.append(piece.decode())
""",
    "django": """
import django.urls
from django.http import StreamingHttpResponse
from config.wsgi import application
from fcapp import urls

def stream(request):
    return StreamingHttpResponse(iter([b"a", b"b", b"c"]), content_type="text/plain")

urls.urlpatterns.append(django.urls.path("stream", stream))

def drive():
    response = application(wsgi_environ(), lambda status, headers, exc_info=None: None)
    for piece in response:
        events.append(piece.decode())
    response.close()
""",
    "fastapi": """
import asyncio
from fastapi.responses import StreamingResponse
from app.main import app

async def pieces():
    for piece in (b"a", b"b", b"c"):
        yield piece

@app.get("/stream")
def stream():
    return StreamingResponse(pieces(), media_type="text/plain")

def drive():
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
        "scheme": "http", "path": "/stream", "raw_path": b"/stream", "root_path": "",
        "query_string": b"", "client": ("127.0.0.1", 1), "server": ("127.0.0.1", 80),
        "headers": [(b"host", b"test"), (b"x-fc-request-id", b"rid-stream")],
    }
    requests = [{"type": "http.request", "body": b"", "more_body": False}]

    async def receive():
        if requests:
            return requests.pop()
        await asyncio.Event().wait()  # the client never leaves

    async def send(message):
        if message["type"] == "http.response.body":
            events.append(message.get("body", b"").decode())

    asyncio.run(app(scope, receive, send))
""",
}
PROBE = """
import json, sys
from wsgiref.util import setup_testing_defaults

events = []


class Log:
    def write(self, text):
        events.extend(line for line in text.splitlines() if line.startswith("FC "))
        return len(text)

    def flush(self):
        pass


def wsgi_environ():
    environ = {"PATH_INFO": "/stream", "HTTP_X_FC_REQUEST_ID": "rid-stream"}
    setup_testing_defaults(environ)
    return environ

out, sys.stdout = sys.stdout, Log()
"""
DONE = """
drive()
out.write(json.dumps(events))
"""


@pytest.fixture(scope="module", params=sorted(APPS))
def events(request, tmp_path_factory) -> list[str]:
    """The marker lines and body pieces of one streamed answer, in the order they left."""
    framework = request.param
    if importlib.util.find_spec(framework) is None:
        pytest.skip(f"{framework} is not installed in this environment")
    out = tmp_path_factory.mktemp(framework)
    code = project_copy({"framework": framework, "initializer": False}, out) / "code"
    probe = PROBE + APPS[framework] + DONE
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=code, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-4000:]
    return json.loads(result.stdout)


def test_the_answer_is_streamed_between_one_pair_of_markers(events):
    assert events[0] == "FC Invoke Start RequestId: rid-stream"
    assert events.count("FC Invoke End RequestId: rid-stream") == 1
    assert "".join(e for e in events if not e.startswith("FC ")) == "abc"


def test_the_end_line_leaves_before_the_last_piece_of_the_body(events):
    pieces = [e for e in events if not e.startswith("FC ")]
    assert len([p for p in pieces if p]) >= 2  # streamed: more than one piece
    # Every piece but the last has left before the End line; the last leaves after it.
    assert events[-2:] == ["FC Invoke End RequestId: rid-stream", pieces[-1]]
