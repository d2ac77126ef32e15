"""``fc-lifecycle run`` holding a generated project to FC's instance lifecycle: freeze,
idle stop, the function timeout, memorySize, more instances, FC's request limits.

One generated project (the standard-library server: the fastest to start) with routes
added for the purpose: a background thread counting ticks, a slow route, a route that
allocates memory, a route saying which instance served it and how many requests it held.
Its s.yaml: timeout 1 s, memorySize 128 MB, instanceConcurrency 2, hooks of 2 s.
"""

from __future__ import annotations

import http.client
import json
import socket
import threading
import time
from pathlib import Path

import pytest
from conftest import ROOT, WAITING
from fc_lifecycle.render import render
from helpers.fake_app import Serving

pytestmark = [pytest.mark.e2e, WAITING]

ROUTES = """

import os
import threading
import time

TICKS = [0]
HELD = {"now": 0, "most": 0}
LOCK = threading.Lock()
KEPT = []


def _count_ticks() -> None:
    while True:
        time.sleep(0.1)
        TICKS[0] += 1


threading.Thread(target=_count_ticks, daemon=True).start()


def ticks(request: Request) -> tuple[int, dict]:
    return 200, {"ticks": TICKS[0]}


def slow(request: Request) -> tuple[int, dict]:
    with LOCK:
        HELD["now"] += 1
        HELD["most"] = max(HELD["most"], HELD["now"])
    time.sleep(float(request.query.get("s", ["0.5"])[0]))
    with LOCK:
        HELD["now"] -= 1
    return 200, {"instance": os.environ["FC_INSTANCE_ID"], "most": HELD["most"]}


def allocate(request: Request) -> tuple[int, dict]:
    KEPT.append("x" * (int(request.query["mb"][0]) << 20))
    return 200, {"kept_mb": len(KEPT)}


ROUTES += [("GET", "/ticks", ticks), ("GET", "/slow", slow), ("GET", "/allocate", allocate)]
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    answers = {
        "framework": "none", "timeout": 1, "memory_size": 128, "instance_concurrency": 2,
        "initializer_timeout": 2, "pre_stop_timeout": 2,
    }  # fmt: skip
    path = render(ROOT, answers, tmp_path_factory.mktemp("lifecycle"))
    with (path / "code" / "routes.py").open("a") as routes:
        routes.write(ROUTES)
    return path


def ticks_while_away(server: Serving) -> int:
    before = json.loads(server.get("/ticks")[1])["ticks"]
    time.sleep(2.0)
    return json.loads(server.get("/ticks")[1])["ticks"] - before


def test_without_freeze_a_background_thread_keeps_running(project):
    server = Serving(project)
    gained = ticks_while_away(server)
    server.stop()
    assert gained >= 10  # about 20: the thread ran between the requests


def test_freeze_stops_background_work_between_invocations(project):
    server = Serving(project, "--freeze")
    gained = ticks_while_away(server)
    code, err = server.stop()
    # frozen between the two requests: the thread ran only around them (hooks included)
    assert gained <= 5
    assert "frozen (SIGSTOP) until the next request" in err and "thawed (SIGCONT)" in err
    # FC's English hook page: PreStop before each freeze, the Initializer on thaw (and no
    # second PreStop at the end: none is due without an Initializer since the last one)
    assert err.count("FC Initialize Start") == 2 and err.count("FC PreStop Start") == 2
    assert code == 0, err


def test_freeze_without_hooks_keeps_the_initializer_to_the_cold_start(project):
    server = Serving(project, "--freeze", "--no-freeze-hooks")
    ticks_while_away(server)
    code, err = server.stop()
    assert err.count("FC Initialize Start") == 1 and err.count("FC PreStop Start") == 1
    assert code == 0, err


def test_idle_instance_is_stopped_and_the_next_request_is_a_cold_start(project):
    server = Serving(project, "--idle", "0.5")
    first = server.get("/slow?s=0")
    time.sleep(1.5)
    second = server.get("/slow?s=0")
    code, err = server.stop()
    assert first[0] == second[0] == 200
    assert json.loads(first[1])["instance"] != json.loads(second[1])["instance"]
    assert "idle for 0.5 s: FC reclaims it (PreStop, then stop)" in err
    assert "cold start: no instance is running" in err
    # one Initializer per instance, and PreStop for each (a slow start may add one more)
    assert err.count("FC Initialize Start") == err.count("FC PreStop Start") >= 2
    assert code == 0, err


def test_request_past_the_timeout_is_answered_as_fc_does_and_the_instance_restarted(project):
    server = Serving(project)
    status, body = server.get("/slow?s=4")
    error_type = server.headers["X-Fc-Error-Type"]
    after = server.get("/slow?s=0")
    code, err = server.stop()
    assert (status, error_type) == (502, "UnhandledInvocationError")
    assert json.loads(body) == {"errorMessage": "Function time out after 1 seconds"}
    assert "ran past the function's timeout (1 s)" in err
    assert "the next request starts a new instance" in err
    assert after[0] == 200 and "cold start: no instance is running" in err
    assert code == 0, err


def test_on_timeout_keep_leaves_the_instance_running(project):
    server = Serving(project, "--on-timeout", "keep")
    before = json.loads(server.get("/slow?s=0")[1])["instance"]
    timed_out = server.get("/slow?s=2")[0]
    after = json.loads(server.get("/slow?s=0")[1])["instance"]
    _, err = server.stop()
    assert timed_out == 502 and before == after
    assert "cold start" not in err


def test_memory_over_memory_size_ends_the_instance(project):
    server = Serving(project)
    status, body = server.get("/allocate?mb=200")
    after = server.get("/ticks")
    code, err = server.stop()
    assert status == 502
    assert json.loads(body)["errorMessage"].startswith(
        "Process exited unexpectedly before completing request"
    )
    assert "went over memorySize 128 MB by" in err
    assert after[0] == 200  # a new instance serves the next request
    assert code == 1  # FC would have reported the failure


def test_more_instances_when_all_hold_instance_concurrency(project):
    server = Serving(project, "--max-instances", "2")
    answers: list[tuple[int, str]] = []
    threads = [
        threading.Thread(target=lambda: answers.append(server.get("/slow?s=0.6"))) for _ in range(5)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    code, err = server.stop()
    assert [status for status, _ in answers] == [200] * 5
    served = [json.loads(body) for _, body in answers]
    assert len({answer["instance"] for answer in served}) == 2
    assert max(answer["most"] for answer in served) <= 2  # instanceConcurrency
    assert "cold start: 1 instance(s) each hold instanceConcurrency (2) requests" in err
    assert err.count("FC Initialize Start") == 2 and err.count("FC PreStop Start") == 2
    assert code == 0, err


def raw(port: int, request: bytes) -> bytes:
    """Send raw bytes; return all the proxy answers before it closes the connection."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(request)
        chunks = []
        while chunk := connection.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def test_fc_request_limits(project):
    server = Serving(project)
    too_long = server.get("/ticks?q=" + "a" * 4100)
    too_many_headers = server.get("/ticks", {f"X-H{i}": "v" * 100 for i in range(90)})
    body = raw(server.port, b"POST /ticks HTTP/1.1\r\nHost: x\r\nContent-Length: 40000000\r\n\r\n")
    smuggled = b"GET /ticks?smuggled HTTP/1.1\r\nHost: x\r\n\r\n"
    long_path = raw(
        server.port,
        b"POST /ticks?q=%s HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n%s"
        % (b"a" * 4100, len(smuggled), smuggled),
    )
    code, err = server.stop()
    assert long_path.count(b"HTTP/1.1 ") == 1  # the unread body is not a second request
    assert too_long[0] == too_many_headers[0] == 400
    assert json.loads(too_long[1])["errorCode"] == "InvalidArgument"
    assert body.startswith(b"HTTP/1.1 400 ")
    assert b"X-Fc-Error-Type: FcCommonError" in body and b'"EntityTooLarge"' in body
    assert "Invoke Start" not in err  # none of them reached the function


def test_refused_request_body_is_never_read_as_a_request(project):
    server = Serving(project)
    smuggled = b"GET /ticks?smuggled HTTP/1.1\r\nHost: x\r\n\r\n"
    answer = raw(
        server.port,
        b"POST / HTTP/1.1\r\nHost: x\r\nx-fc-request-id: mine\r\n"
        b"Content-Length: %d\r\n\r\n%s" % (len(smuggled), smuggled),
    )
    _, err = server.stop()
    assert answer.count(b"HTTP/1.1 ") == 1 and b"reserved by FC" in answer
    assert b"Connection: close" in answer
    assert "smuggled" not in err


AMBIGUOUS = {  # (the request's headers, then its body; the status the proxy answers)
    "TE+CL": (b"Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400),
    "duplicate CL": (b"Content-Length: 2\r\nContent-Length: 40\r\n\r\n{}", 400),
    "invalid CL": (b"Content-Length: abc\r\n\r\n", 400),
    "signed CL": (b"Content-Length: +2\r\n\r\n{}", 400),
    "gzip, chunked": (b"Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n", 501),
    "0x chunk size": (b"Transfer-Encoding: chunked\r\n\r\n0x2\r\n{}\r\n0\r\n\r\n", 400),
}  # fmt: skip


def test_ambiguous_framing_is_refused_and_nothing_is_smuggled(project):
    """Framing two readers could read two ways gets one answer and a closed connection;
    what follows the body never reaches the function as a request of its own."""
    server = Serving(project)
    smuggled = b"GET /ticks?smuggled HTTP/1.1\r\nHost: x\r\n\r\n"
    answers = {
        case: raw(server.port, b"POST /items/1 HTTP/1.1\r\nHost: x\r\n" + rest + smuggled)
        for case, (rest, _) in AMBIGUOUS.items()
    }
    _, err = server.stop()
    for case, (_, status) in AMBIGUOUS.items():
        assert answers[case].startswith(b"HTTP/1.1 %d " % status), (case, answers[case])
        assert answers[case].count(b"HTTP/1.1 ") == 1 and b"Connection: close" in answers[case]
    assert "smuggled" not in err and "Invoke Start" not in err


def test_chunked_request_body_is_forwarded_whole(project):
    server = Serving(project)
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    headers = {"Content-Type": "application/json"}
    parts = iter([b'{"a":', b" 1}"])
    connection.request("POST", "/items/7", body=parts, headers=headers, encode_chunked=True)
    answer = connection.getresponse()
    status, body = answer.status, json.loads(answer.read())
    connection.close()
    server.stop()
    assert (status, body) == (201, {"id": "7", "item": {"a": 1}})


def test_asynchronous_invocation_is_answered_at_once_and_run_after(project):
    server = Serving(project)
    status, body = server.get("/slow?s=0.3", {"X-Fc-Invocation-Type": "Async"})
    rid = server.headers["X-Fc-Request-Id"]
    too_big = raw(
        server.port,
        b"POST /ticks HTTP/1.1\r\nHost: x\r\nX-Fc-Invocation-Type: Async\r\n"
        b"Content-Length: 200000\r\n\r\n",
    )
    time.sleep(1.5)  # the invocation runs after the answer
    code, err = server.stop()
    assert (status, body) == (202, "")
    assert f"FC Invoke End RequestId: {rid} status=200 (asynchronous)" in err
    assert too_big.startswith(b"HTTP/1.1 400 ") and b"(131072 bytes)" in too_big
    assert code == 0, err


class Measured:
    """An instance whose memory reads as given, then 0 once killed (as a dead process)."""

    def __init__(self, used_mb: int) -> None:
        self.id, self.used, self.killed = "c-local-test", used_mb << 20, 0

    def memory(self) -> int:
        return 0 if self.killed else self.used

    def kill(self) -> None:
        self.killed += 1


def test_an_instance_found_over_memory_stays_over_for_the_request_measuring_after_the_kill():
    """The watcher ends an instance over memorySize while a request's answer is on its way;
    the relay then measures the dead instance (0 MB) and must still not pass the answer on."""
    from types import SimpleNamespace

    from fc_lifecycle.localrun.pool import Pool, Slot

    failures: list[str] = []
    function = SimpleNamespace(memory=128)
    pool = Pool(function, None, None, print, [], failures.append)  # type: ignore[arg-type]
    slot = Slot(Measured(200))  # type: ignore[arg-type]
    assert pool.over_memory(slot)  # the watcher: ends it, once
    assert pool.over_memory(slot)  # the relay, after the kill: still over
    assert slot.instance.killed == 1 and len(failures) == 1
    assert "went over memorySize 128 MB by 72 MB" in failures[0]
    assert not pool.over_memory(Slot(Measured(100)))  # under the limit: served
