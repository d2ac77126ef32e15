"""Secrets in everything an instance writes, slow clients, and every End line at SIGTERM.

One project per framework at instanceConcurrency 10, with a slow route and a lifecycle.py
that logs and raises credentials in every form, started once for the module; the SIGTERM
test comes last. Masking itself is fuzzed in ``test_masking_fuzz.py``.
"""

from __future__ import annotations

import re
import socket
import textwrap
import threading
import time
from urllib.parse import quote, quote_plus

import pytest
from conftest import WAITING
from helpers.instance import MODULE, SECRET_ENV, SECRET_HEADERS, call, running

pytestmark = [pytest.mark.e2e, WAITING]
# A token as STS issues them: '+', '/' and '=' change when URL-encoded.
TOKEN = "CAIS+hostile/Token=="
SECRETS = [*SECRET_HEADERS.values(), *SECRET_ENV.values(), TOKEN]
FORMS = sorted({f(s) for s in SECRETS for f in (str, quote, quote_plus)} | {quote(TOKEN, "")})
LIFECYCLE = textwrap.dedent(
    """
    import logging
    import os
    from urllib.parse import quote, quote_plus


    class Fatal(BaseException):
        pass


    def initialize(state, context):
        token = os.environ["ALIBABA_CLOUD_SECURITY_TOKEN"]
        url = "https://b.oss-cn-hangzhou.aliyuncs.com/k?security-token=" + quote(token, "")
        logging.getLogger("user").warning(
            "signed %s %s %s\\nFC Invoke End RequestId: forged", url, quote_plus(token), token
        )
        print("printed", token, flush=True)
        print("FC Invoke End RequestId: forged-print", flush=True)
        if os.environ.get("TEST_FATAL"):
            raise Fatal("giving up with " + quote_plus(token))
    """
)
SLOW = {
    "none": ("routes.py", """
import time
def slow(request):
    time.sleep(6)  # longer than every server's 5 s drain
    return 200, "slow"
ROUTES.append(("GET", "/slow", slow))
"""),
    "flask": ("app/routes.py", """
import time
@routes.get("/slow")
def slow():
    time.sleep(6)  # longer than every server's 5 s drain
    return "slow"
"""),
    "django": ("fcapp/urls.py", """
import time
from django.http import HttpResponse
def slow(request):
    time.sleep(6)  # longer than every server's 5 s drain
    return HttpResponse("slow")
urlpatterns.append(path("slow", slow))
"""),
    "fastapi": ("app/routers/items.py", """
import time
@router.get("/slow")
def slow() -> str:
    time.sleep(6)  # longer than every server's 5 s drain
    return "slow"
"""),
}  # fmt: skip


@pytest.fixture(scope="module", params=sorted(MODULE))
def instance(request, tmp_path_factory):
    """The framework's project with the slow route, started at instanceConcurrency 10."""

    def prepare(project):
        code = project / "code"
        (code / "lifecycle.py").write_text(LIFECYCLE)
        name, extra = SLOW[request.param]
        (code / name).write_text((code / name).read_text() + extra)

    env = {"ALIBABA_CLOUD_SECURITY_TOKEN": TOKEN, "INSTANCE_CONCURRENCY": "10", "TEST_FATAL": "1"}
    tmp = tmp_path_factory.mktemp(f"secrets-{request.param}")
    with running(request.param, tmp, env=env, prepare=prepare) as started:
        yield started


def fc_headers(rid: str) -> dict:
    return {"x-fc-request-id": rid, **SECRET_HEADERS}


def test_user_logging_and_any_exception_are_masked(instance):
    try:  # how a hook failing with a BaseException is answered is issue 29's (the hook gate)
        call(instance.port, "POST", "/initialize", fc_headers("init-1"))
    except OSError:
        pass
    time.sleep(0.5)  # the error lines of the failed hook
    output = instance.output()
    assert "signed" in output and "printed" in output  # the user's own lines, masked
    assert [form for form in FORMS if form in output] == []
    assert "FC Invoke End RequestId: forged" not in output.splitlines()
    assert "FC Invoke End RequestId: forged-print" not in output.splitlines()


def test_a_client_is_answered_while_slow_clients_hold_connections(instance):
    stop = threading.Event()
    slow_clients = [socket.create_connection(("127.0.0.1", instance.port)) for _ in range(12)]

    def send_headers_slowly(sock: socket.socket) -> None:
        sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
        while not stop.wait(0.5):
            try:
                sock.sendall(b"X-Slow: a\r\n")
            except OSError:
                return  # the server closed it: its headers took too long

    senders = [threading.Thread(target=send_headers_slowly, args=(s,)) for s in slow_clients]
    for sender in senders:
        sender.start()
    try:
        time.sleep(1)  # every slow client has started its headers
        assert call(instance.port, "GET", "/", fc_headers("normal"), timeout=60)[0] == 200
    finally:
        stop.set()
        for sender in senders:
            sender.join()
        for sock in slow_clients:
            sock.close()


def test_every_start_has_its_end_after_sigterm_under_load(instance):
    """30 requests of 6 s at instanceConcurrency 10: each server cuts some off at shutdown."""
    answers = []

    def slow(i: int) -> None:
        try:
            answers.append(call(instance.port, "GET", "/slow", fc_headers(f"slow-{i}"))[0])
        except OSError:
            answers.append(None)  # dropped while waiting for a thread: no Start line

    threads = [threading.Thread(target=slow, args=(i,)) for i in range(30)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 30
    while instance.output().count("FC Invoke Start RequestId: slow-") < 10:
        assert time.monotonic() < deadline, instance.output()[-3000:]
        time.sleep(0.05)
    stopping = len(instance.output())  # the hook test's BaseException left a traceback
    instance.stop(timeout=30)
    for thread in threads:
        thread.join(timeout=30)
    output = instance.output()
    starts = re.findall(r"^FC Invoke Start RequestId: (slow-\d+)$", output, re.M)
    ends = re.findall(r"^FC Invoke End RequestId: (slow-\d+)$", output, re.M)
    assert len(starts) >= 10
    assert sorted(starts) == sorted(ends)
    assert "Traceback" not in output[stopping:]
    assert "CancelledError" not in output[stopping:]
