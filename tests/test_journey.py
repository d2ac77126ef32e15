"""A user's first day with each framework: generate, add a route as the README says, use it.

The route reads a client that ``initialize`` creates and ``pre_stop`` closes. Then the
project's own suite runs, and ``bootstrap`` is started as FC starts it: the new route has
its markers and sees the client, an unknown path is a 404 with markers, and the hook paths
requested through the HTTP trigger run no hook.
"""

from __future__ import annotations

import http.client
import importlib.util
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
from conftest import FRAMEWORKS, ROOT

pytestmark = [pytest.mark.slow, pytest.mark.e2e]
MODULE = {"flask": "flask", "fastapi": "fastapi", "django": "django", "none": "http"}
SECRET_HEADERS = {
    "x-fc-access-key-id": "STS.JOURNEY-ID-1a2b",
    "x-fc-access-key-secret": "JOURNEY-SECRET-3c4d",
    "x-fc-security-token": "JOURNEY-TOKEN-5e6f",
}
# The client initialize creates: what the README's example route reads as "db".
CREATE = {
    "dict": 'state["db"] = sqlite3.connect(":memory:", check_same_thread=False)',
    "attr": 'state.db = sqlite3.connect(":memory:", check_same_thread=False)',
}
CLOSE = {"dict": 'state["db"].close()', "attr": "state.db.close()"}
STATE_STYLE = {"flask": "dict", "none": "dict", "fastapi": "attr", "django": "attr"}
# A route whose failure message holds a credential, in each framework's usual place.
FAILING = {
    "flask": ("code/app/routes.py", """
@routes.get("/boom")
def boom() -> dict:
    raise RuntimeError("boom " + request.headers["x-fc-access-key-secret"])
"""),
    "fastapi": ("code/app/routers/items.py", """
from fastapi import Request


@router.get("/boom")
async def boom(request: Request) -> dict:
    raise RuntimeError("boom " + request.headers["x-fc-access-key-secret"])
"""),
    "django": ("code/fcapp/urls.py", """
def boom(request):
    raise RuntimeError("boom " + request.headers["x-fc-access-key-secret"])


urlpatterns += [path("boom", boom)]
"""),
    "none": ("code/routes.py", """
def boom(request: Request) -> tuple[int, Any]:
    raise RuntimeError("boom " + request.headers["x-fc-access-key-secret"])


ROUTES.append(("GET", "/boom", boom))
"""),
}  # fmt: skip
# For the SIGTERM test: a route that takes a while, in each framework's usual place.
SLOW = {
    "flask": ("code/app/routes.py", """
@routes.get("/slow")
def slow() -> dict:
    import time

    time.sleep(1)
    return {"slow": True}
"""),
    "fastapi": ("code/app/routers/items.py", """
@router.get("/slow")
def slow() -> dict:
    import time

    time.sleep(1)
    return {"slow": True}
"""),
    "django": ("code/fcapp/urls.py", """
def slow(request):
    import time

    from django.http import JsonResponse

    time.sleep(1)
    return JsonResponse({"slow": True})


urlpatterns += [path("slow", slow)]
"""),
    "none": ("code/routes.py", """
def slow(request: Request) -> tuple[int, Any]:
    import time

    time.sleep(1)
    return 200, {"slow": True}


ROUTES.append(("GET", "/slow", slow))
"""),
}  # fmt: skip


def generate(framework: str, out: Path) -> Path:
    """Generate a project with plain cookiecutter, as a user without our CLI would."""
    from cookiecutter.main import cookiecutter

    context = {"framework": framework, "project_name": f"journey {framework}"}
    return Path(cookiecutter(str(ROOT), no_input=True, extra_context=context, output_dir=out))


def add_route_as_readme_says(project: Path) -> None:
    """Append each block of the README's "Add a route" section to the file it names."""
    readme = (project / "README.md").read_text()
    section = readme.split("## Add a route", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)```", section, re.S)
    named = [block for block in blocks if block.startswith("# code/")]
    assert named, "the README names no file to add a route to"
    for block in named:
        target = project / block.splitlines()[0][2:].strip()
        assert target.is_file(), target
        with target.open("a") as code:
            code.write("\n\n" + block)


def make_initialize_own_a_client(project: Path, framework: str) -> None:
    """``initialize`` creates the client, ``pre_stop`` closes it and says so."""
    lifecycle = project / "code" / "lifecycle.py"
    style = STATE_STYLE[framework]
    text = lifecycle.read_text().replace(
        "from __future__ import annotations\n",
        "from __future__ import annotations\n\nimport sqlite3\n",
    )
    hint = re.search(r"^    # Client.*\n", text, re.M)
    assert hint, "initialize has no place for clients"
    text = text[: hint.end()] + f"    {CREATE[style]}\n" + text[hint.end() :]
    end = text.index('"""', text.index("def pre_stop")) + 3
    end = text.index('"""', end) + 4
    closing = f'    {CLOSE[style]}\n    print("JOURNEY-RELEASED", flush=True)\n'
    lifecycle.write_text(text[:end] + closing + text[end:])


@pytest.fixture(scope="module", params=FRAMEWORKS)
def journey(request, tmp_path_factory):
    """A project of the framework after the user's first changes."""
    framework = request.param
    if importlib.util.find_spec(MODULE[framework]) is None:
        pytest.skip(f"{framework} is not installed in this environment")
    project = generate(framework, tmp_path_factory.mktemp("journey"))
    add_route_as_readme_says(project)
    make_initialize_own_a_client(project, framework)
    for path, code in (FAILING[framework], SLOW[framework]):
        with (project / path).open("a") as source:
            source.write("\n" + code)
    return framework, project


def test_the_projects_own_suite_passes(journey):
    _, project = journey
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=project, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    # A user's first `make test` is clean: no warning from the project or its test tools
    # (Starlette's TestClient warns when it gets httpx instead of httpx2).
    assert "warnings summary" not in result.stdout, result.stdout[-4000:]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Instance:
    """``code/bootstrap`` started with FC's environment, its output in a file."""

    def __init__(self, project: Path, log: Path) -> None:
        self.port = free_port()
        self.log = log
        env = {
            **os.environ,
            "FC_CUSTOM_LISTEN_PORT": str(self.port),
            "FC_FUNCTION_NAME": "journey", "FC_REGION": "cn-hangzhou",
            "INSTANCE_CONCURRENCY": "50", "FUNCTION_TIMEOUT": "60",
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        }  # fmt: skip
        for name in ("ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET"):
            env.pop(name, None)  # Debian 10: credentials come in the headers
        with log.open("w") as sink:
            self.process = subprocess.Popen(
                [str(project / "code" / "bootstrap")], env=env,
                stdout=sink, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.05)
        raise AssertionError(f"bootstrap did not start:\n{log.read_text()}")

    def call(self, method: str, path: str, control: str | None = None) -> tuple[int, str, str]:
        """Send one request with FC's headers; return (status, body, request id)."""
        rid = f"1-{uuid.uuid4().hex[:8]}-{uuid.uuid4().hex[:8]}"
        headers = {"x-fc-request-id": rid, **SECRET_HEADERS}
        if control:
            headers["x-fc-control-path"] = control
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(method, path, headers=headers)
            answer = connection.getresponse()
            return answer.status, answer.read().decode(errors="replace"), rid
        finally:
            connection.close()

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def stop(self) -> int:
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=30)

    def kill(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


@pytest.fixture
def instance(journey, tmp_path):
    started = Instance(journey[1], tmp_path / "instance.log")
    yield started
    started.kill()


def clean_stop_status(framework: str) -> int:
    """Exit status after SIGTERM once drained: uvicorn re-raises the signal, the others exit 0."""
    return -signal.SIGTERM if framework == "fastapi" else 0


def markers(output: str, event: str, rid: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith(f"FC {event} ") and rid in line]


def assert_invoke_markers(output: str, rid: str) -> None:
    assert markers(output, "Invoke", rid) == [
        f"FC Invoke Start RequestId: {rid}",
        f"FC Invoke End RequestId: {rid}",
    ]


def test_new_route_sees_the_client_and_hook_paths_stay_routes(instance):
    assert instance.call("POST", "/initialize", control="/initialize")[0] == 200
    status, body, rid = instance.call("GET", "/users/7", control="/http-invoke")
    assert (status, re.sub(r"\s", "", body)) == (200, '{"id":7}')
    assert_invoke_markers(instance.output(), rid)

    status, _, rid = instance.call("GET", "/no/such/path", control="/http-invoke")
    assert status == 404
    assert_invoke_markers(instance.output(), rid)

    for method, path in (("POST", "/initialize"), ("GET", "/pre-stop")):
        for control in ("/http-invoke", "/invoke"):  # a user's request, an event
            status, _, rid = instance.call(method, path, control=control)
            assert status in (404, 405), (path, control)
            assert_invoke_markers(instance.output(), rid)
    output = instance.output()
    assert output.count("FC Initialize Start") == 1
    assert "FC PreStop" not in output
    assert "JOURNEY-RELEASED" not in output
    assert instance.call("GET", "/users/8", control="/http-invoke")[0] == 200


def test_pre_stop_releases_the_client_and_its_users_get_a_logged_500(journey, instance):
    instance.call("POST", "/initialize", control="/initialize")
    status, _, rid = instance.call("GET", "/pre-stop", control="/pre-stop")
    assert status == 200
    assert markers(instance.output(), "PreStop", rid)
    assert "JOURNEY-RELEASED" in instance.output()

    status, _, rid = instance.call("GET", "/users/7", control="/http-invoke")
    output = instance.output()
    assert status == 500
    assert_invoke_markers(output, rid)
    assert re.search(rf"{re.escape(rid)} \[ERROR\].*closed database", output)
    assert instance.stop() == clean_stop_status(journey[0])
    assert not [secret for secret in SECRET_HEADERS.values() if secret in instance.output()]


def test_sigterm_under_load_loses_no_request(journey, instance):
    results: list[int] = []
    idle = socket.create_connection(("127.0.0.1", instance.port))  # a keep-alive, no request

    def slow() -> None:
        results.append(instance.call("GET", "/slow", control="/http-invoke")[0])

    threads = [threading.Thread(target=slow) for _ in range(30)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 30
    while instance.output().count("FC Invoke Start") < 30 and time.monotonic() < deadline:
        time.sleep(0.05)
    status = instance.stop()
    for thread in threads:
        thread.join()
    idle.close()
    assert results == [200] * 30
    assert status == clean_stop_status(journey[0])


def test_fc_lifecycle_run_gives_the_server_the_settings_fc_enforces(journey):
    from fc_lifecycle.localrun import config

    function = config.load(journey[1])
    assert function.environment["INSTANCE_CONCURRENCY"] == str(function.concurrency)
    assert function.environment["FUNCTION_TIMEOUT"] == str(function.timeout)


def test_a_failing_route_is_a_500_with_markers_and_a_masked_traceback(instance):
    status, body, rid = instance.call("GET", "/boom", control="/http-invoke")
    output = instance.output()
    assert status == 500
    assert_invoke_markers(output, rid)
    assert re.search(rf"{re.escape(rid)} \[ERROR\].*boom \*\*\*", output)
    assert SECRET_HEADERS["x-fc-access-key-secret"] not in output + body
