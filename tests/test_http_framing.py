"""HTTP framing of every framework's server, as raw bytes on a socket: one table of cases.

Each case is sent on a fresh connection; the server's first answer and whether it then
closes the connection are compared with ``EXPECTED`` (the table in docs/safety.md). A
request smuggled in a body must never be answered. The ``none`` server's parser is also
fuzzed: any bytes get an answer or a clean close, never a traceback.
"""

from __future__ import annotations

import re
import socket

import pytest
from helpers.instance import MODULE, call, running
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.e2e
HEAD = b"Host: x\r\nx-fc-request-id: r-framing\r\nContent-Type: application/json\r\n"
SMUGGLED = b"GET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n"
CASES = {
    "TE+CL": b"POST /items/1 HTTP/1.1\r\n" + HEAD
    + b"Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + SMUGGLED,
    "duplicate CL": b"POST /items/1 HTTP/1.1\r\n" + HEAD
    + b"Content-Length: 2\r\nContent-Length: 40\r\n\r\n{}" + SMUGGLED,
    "invalid CL": b"POST /items/1 HTTP/1.1\r\n" + HEAD + b"Content-Length: +2\r\n\r\n{}",
    "chunked body": b"POST /items/1 HTTP/1.1\r\n" + HEAD + b"Transfer-Encoding: chunked\r\n\r\n"
    + b'5\r\n{"nam\r\n8;ext=1\r\ne": "x"}\r\n0\r\nX-Trailer: t\r\n\r\n',
    "CL 10^12": b"POST /items/1 HTTP/1.1\r\n" + HEAD + b"Content-Length: 1000000000000\r\n\r\n{}",
    "70 KB request line": b"GET /" + b"a" * 70_000 + b" HTTP/1.1\r\n" + HEAD + b"\r\n",
    "70 KB header": b"GET / HTTP/1.1\r\n" + HEAD + b"X-Big: " + b"a" * 70_000 + b"\r\n\r\n",
    "gzip, chunked": b"POST /items/1 HTTP/1.1\r\n" + HEAD
    + b"Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
    "200 headers": b"GET / HTTP/1.1\r\n" + HEAD
    + b"".join(b"X-%d: a\r\n" % i for i in range(200)) + b"\r\n",
}  # fmt: skip
# (status, connection closed after it; None: either, by timing). FastAPI: uvicorn's h11
# limits the request line and headers only when they arrive in several pieces; FC's
# gateway refuses both (over 4 KB and 8 KB) before they reach an instance.
STRICT = {
    "TE+CL": (400, True), "duplicate CL": (400, True), "invalid CL": (400, True),
    "chunked body": (201, None), "CL 10^12": (413, True), "70 KB request line": (414, True),
    "70 KB header": (431, True), "200 headers": (431, True), "gzip, chunked": (501, True),
}  # fmt: skip
EXPECTED = {
    "none": STRICT,
    # gunicorn reads on, briefly, through the refused body, then closes.
    "flask": {**STRICT, "CL 10^12": (413, None), "gzip, chunked": (501, None)},
    "django": {**STRICT, "CL 10^12": (413, None), "gzip, chunked": (501, None)},
    "fastapi": {
        **STRICT, "chunked body": (201, None), "70 KB request line": (404, True),
        "gzip, chunked": (400, True),
        "70 KB header": (200, None), "200 headers": (200, None),
    },
}  # fmt: skip


@pytest.fixture(scope="module", params=sorted(MODULE))
def instance(request, tmp_path_factory):
    """One running instance of the framework's generated project for the whole module."""
    tmp = tmp_path_factory.mktemp(f"framing-{request.param}")
    with running(request.param, tmp, {"initializer": False}) as started:
        yield started


def exchange(port: int, data: bytes, until_closed: bool = True, wait: float = 10.0) -> bytes:
    """Send ``data`` and end our side; return what comes back, with ``<closed>`` if the
    server closed the connection (read until it does, or until one whole answer)."""
    with socket.create_connection(("127.0.0.1", port), timeout=wait) as sock:
        try:
            sock.sendall(data)
            sock.shutdown(socket.SHUT_WR)  # no more requests: a lingering server closes now
        except OSError:  # the server answered and closed before reading everything
            pass
        answer = b""
        try:
            while chunk := sock.recv(65536):
                answer += chunk
                if not until_closed and complete(answer):
                    return answer
            return answer + b"<closed>"
        except TimeoutError:
            return answer
        except OSError:
            return answer + b"<closed>"


def complete(answer: bytes) -> bool:
    """Whether ``answer`` holds one whole response with a Content-Length."""
    head, found, body = answer.partition(b"\r\n\r\n")
    length = re.search(rb"(?im)^content-length: *(\d+)", head)
    return bool(found and length and len(body) >= int(length.group(1)))


def first_status(answer: bytes) -> int:
    return int(answer.split(b" ", 2)[1])


@pytest.mark.parametrize("case", list(CASES))
def test_each_framing_case_gets_its_answer(instance, case):
    expected = EXPECTED[instance.framework][case]
    if expected is None:
        pytest.skip(f"{instance.framework}: no answer until the body arrives (see the table)")
    status, closed = expected
    answer = exchange(instance.port, CASES[case], until_closed=closed is not None)
    assert answer.startswith(b"HTTP/1.1 "), answer[:200]
    assert first_status(answer) == status
    assert closed is None or answer.endswith(b"<closed>") == closed
    assert answer.count(b"HTTP/1.1 ") == 1  # the smuggled request is never answered
    assert "Traceback" not in instance.output()


def test_a_chunked_body_reaches_the_app(instance):
    answer = exchange(instance.port, CASES["chunked body"], until_closed=False)
    assert b'"name"' in answer and b'"x"' in answer


def test_the_server_still_answers_after_every_case(instance):
    for data in CASES.values():
        exchange(instance.port, data, until_closed=False)
    assert call(instance.port, "GET", "/", {"x-fc-request-id": "after"})[0] == 200
    assert "/smuggled" not in instance.output()


REQUEST_LINE = st.sampled_from([b"POST /items/1 HTTP/1.1\r\n", b"GET / HTTP/1.1\r\n"])
HEADER = st.sampled_from(
    [b"Content-Length: 2\r\n", b"Content-Length: -1\r\n", b"Content-Length: 99999999999\r\n",
     b"Transfer-Encoding: chunked\r\n", b"Transfer-Encoding: gzip, chunked\r\n",
     b"Transfer-Encoding: chunked, gzip\r\n", b"Expect: 100-continue\r\n", b"Host: x\r\n",
     "Content-Length: \u0663\r\n".encode()]
)  # fmt: skip
BODY = st.one_of(
    st.binary(max_size=64),
    st.lists(
        st.sampled_from([b"2\r\n{}\r\n", b"0\r\n\r\n", b"zz\r\n", b"5;x\r\nab\r\n", b"\n"])
    ).map(b"".join),
)


@settings(
    max_examples=150, derandomize=True, deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)  # fmt: skip
@given(line=REQUEST_LINE, headers=st.lists(HEADER, max_size=4), body=BODY)
def test_fuzzed_framing_is_answered_or_closed_never_a_traceback(instance, line, headers, body):
    if instance.framework != "none":
        pytest.skip("the none server's own parser; gunicorn's and h11's have their own tests")
    data = line + HEAD + b"".join(headers) + b"\r\n" + body
    with socket.create_connection(("127.0.0.1", instance.port), timeout=10) as sock:
        sock.sendall(data)
        sock.shutdown(socket.SHUT_WR)  # the server sees the end instead of waiting for more
        answer = b""
        try:
            while chunk := sock.recv(65536):
                answer += chunk
        except ConnectionResetError:
            pass
    assert answer == b"" or answer.startswith(b"HTTP/1.1 "), answer[:200]
    assert answer.count(b"HTTP/1.1 5") == answer.count(b"HTTP/1.1 501")
    assert "Traceback" not in instance.output()
