"""A user's first day with each framework: generate, follow the README's steps, use it.

The README's "Add a route" and "Connect a client in initialize" are followed literally:
each code block is pasted into the file it names (imports at the top, a function or class
of the same name replaced, the rest appended), as its framework's developers would. Django's
app is then renamed. The project's own suite, ruff, mypy and pyright must pass; ``validate``
finds nothing (a route says "invoke"); ``bootstrap`` started as FC starts it serves the
route and the client, the hook cycle initialize -> pre-stop -> initialize -> pre-stop ->
pre-stop (the last runs nothing) rebuilds what pre_stop released, the gate keeps every
spelling of an invocation away from the hooks, and failures are 500s with markers and
masked tracebacks.
"""

from __future__ import annotations

import ast
import http.client
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
from conftest import FRAMEWORKS, PROJECT_PYTEST, ROOT
from fc_lifecycle.validate import validate
from helpers.instance import needs
from helpers.shared import mypy_cache

pytestmark = [pytest.mark.slow, pytest.mark.e2e]
BIN = Path(sys.executable).parent
RUFF = str(BIN / "ruff")
SECRET_HEADERS = {
    "x-fc-access-key-id": "STS.JOURNEY-ID-1a2b",
    "x-fc-access-key-secret": "JOURNEY-SECRET-3c4d",
    "x-fc-security-token": "JOURNEY-TOKEN-5e6f",
}
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
def boom(request: Request) -> tuple[int, dict]:
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
def slow(request: Request) -> tuple[int, dict]:
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


# A route that answers with the words of FC's paths: validate and run must not take them for
# facts about the function.
WORDY = {
    "flask": ("code/app/routes.py", """
@routes.get("/last")
def last() -> dict:
    return {"last_action": "invoke", "next": "/initialize"}
"""),
    "fastapi": ("code/app/routers/items.py", """
@router.get("/last")
async def last() -> dict:
    return {"last_action": "invoke", "next": "/initialize"}
"""),
    "django": ("code/fcapp/urls.py", """
def last(request):
    from django.http import JsonResponse

    return JsonResponse({"last_action": "invoke", "next": "/initialize"})


urlpatterns += [path("last", last)]
"""),
    "none": ("code/routes.py", """
def last(request: Request) -> tuple[int, dict]:
    return 200, {"last_action": "invoke", "next": "/initialize"}


def now(request: Request) -> tuple[int, dict]:
    import datetime

    return 200, {"now": datetime.datetime.now(), "key": request.headers["x-fc-access-key-secret"]}


def no_tuple(request: Request) -> tuple[int, dict]:
    return {"status": "a dict, not (status, payload)"}  # type: ignore[return-value]


ROUTES.extend([("GET", "/last", last), ("GET", "/now", now), ("GET", "/no-tuple", no_tuple)])
"""),
}  # fmt: skip
# The route of the README's client step, and what it answers once the client is gone.
CLIENT_ROUTE = {"flask": "/db", "fastapi": "/upstream", "django": "/visits", "none": "/db"}
RENAMED_APP = "shop"


def readme_blocks(readme: str, heading: str) -> list[tuple[str, str]]:
    """The code blocks of a README section that name their file: (path, code)."""
    section = readme.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```(?:python|text)\n(.*?)```", section, re.S)
    return [
        (block.splitlines()[0][2:].strip(), block.split("\n", 1)[1])
        for block in blocks
        if block.startswith("# code/")
    ]


def segment(lines: list[str], node: ast.stmt) -> tuple[int, int]:
    """The 0-based line range of a statement, its decorators included."""
    first = min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", []))])
    return first - 1, node.end_lineno or node.lineno


def paste(target: Path, code: str) -> None:
    """Paste a README block into ``target`` as a developer does: its imports at the top of
    the file, a function or class of a name the file defines in that one's place, the rest
    at the end. A file that is not Python gets the block appended."""
    if target.suffix != ".py" or not target.exists():
        with target.open("a") as out:
            out.write(("\n" if target.exists() else "") + code)
        return
    lines = target.read_text().splitlines(keepends=True)
    tree, block = ast.parse("".join(lines)), ast.parse(code)
    block_lines = code.splitlines(keepends=True)
    defined = {
        node.name: segment(lines, node)
        for node in tree.body
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
    }
    imports, edits, appended = [], [], []
    for node in block.body:
        start, end = segment(block_lines, node)
        text = "".join(block_lines[start:end])
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            imports.append(text)
        elif getattr(node, "name", None) in defined:
            edits.append((*defined[node.name], text))
        else:
            appended.append(text)
    after_imports = max(
        (n.end_lineno or 0 for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))),
        default=0,
    )
    edits.append((after_imports, after_imports, "".join(imports)))
    for start, end, text in sorted(edits, reverse=True):
        lines[start:end] = [text]
    target.write_text("".join(lines) + "".join(f"\n\n{text}" for text in appended))


def follow_readme(project: Path) -> None:
    """Paste every block of "Add a route" and "Connect a client in initialize", then let
    ruff sort the imports and format, as an editor does on save."""
    readme = (project / "README.md").read_text()
    for heading in ("Add a route", "Connect a client in initialize"):
        blocks = readme_blocks(readme, heading)
        assert blocks, f"the README's {heading!r} names no file"
        for path, code in blocks:
            paste(project / path, code)


def tidy(project: Path) -> None:
    """ruff --fix and ruff format, as an editor does on save."""
    for command in (["check", "--fix", "-q", "."], ["format", "-q", "."]):
        subprocess.run([RUFF, *command], cwd=project, capture_output=True, check=False)


def rename_django_app(project: Path) -> None:
    """Rename Django's app as its developers would: the folder, its imports, the settings."""
    code = project / "code"
    (code / "fcapp").rename(code / RENAMED_APP)
    for path in [*code.rglob("*.py"), *(project / "tests").rglob("*.py")]:
        text = path.read_text()
        text = text.replace("FcappConfig", "ShopConfig").replace("fcapp", RENAMED_APP)
        path.write_text(text)


def mark_hooks(project: Path) -> None:
    """Make each real run of a hook visible in the log."""
    lifecycle = project / "code" / "lifecycle.py"
    text = lifecycle.read_text()
    for name in ("initialize", "pre_stop"):
        signature = re.search(rf"^(async )?def {name}\(.*\) -> None:\n", text, re.M)
        assert signature, name
        mark = f'    print("JOURNEY-{name.upper()}", flush=True)\n'
        text = text[: signature.end()] + mark + text[signature.end() :]
    lifecycle.write_text(text)


# A framework's journey is an xdist group: one worker makes the project and starts its
# instance, instead of each worker that drew one of its tests.
@pytest.fixture(
    scope="module",
    params=[pytest.param(fw, marks=pytest.mark.xdist_group(f"journey-{fw}")) for fw in FRAMEWORKS],
)
def journey(request, tmp_path_factory):
    """A project of the framework after the user's first changes."""
    framework = request.param
    needs(framework)
    project = generate(framework, tmp_path_factory.mktemp("journey"))
    follow_readme(project)
    for path, code in (FAILING[framework], SLOW[framework], WORDY[framework]):
        paste(project / path, code.lstrip("\n"))
    tidy(project)
    if framework == "django":
        rename_django_app(project)
    mark_hooks(project)
    return framework, project


@pytest.fixture(scope="module")
def upstream():
    """A local HTTP server for the FastAPI client to call (UPSTREAM_URL)."""
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Ok(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Ok)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def project_env(journey, upstream, tmp_path: Path) -> dict[str, str]:
    """What the README's client step reads: the upstream URL, Django's database file."""
    return {"UPSTREAM_URL": upstream, "DJANGO_DB": str(tmp_path / "db.sqlite3")}


def test_the_projects_own_suite_passes(journey, upstream, tmp_path):
    _, project = journey
    env = {**os.environ, **project_env(journey, upstream, tmp_path)}
    env["PATH"] = f"{BIN}{os.pathsep}{os.environ['PATH']}"
    result = subprocess.run(
        PROJECT_PYTEST,
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

    def __init__(self, project: Path, log: Path, extra: dict[str, str]) -> None:
        self.port = free_port()
        self.log = log
        env = {
            **os.environ, **extra,
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

    def call(
        self, method: str, path: str, control: str | None = None, *controls: str
    ) -> tuple[int, str, str]:
        """Send one request with FC's headers; return (status, body, request id).
        ``controls``: more x-fc-control-path lines (the header sent again)."""
        rid = f"1-{uuid.uuid4().hex[:8]}-{uuid.uuid4().hex[:8]}"
        headers = {"x-fc-request-id": rid, **SECRET_HEADERS}
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.putrequest(method, path)
            for name, value in headers.items():
                connection.putheader(name, value)
            for value in [control, *controls] if control is not None else []:
                connection.putheader("x-fc-control-path", value)
            connection.endheaders()
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
def instance(journey, upstream, tmp_path):
    extra = project_env(journey, upstream, tmp_path)
    started = Instance(journey[1], tmp_path / "instance.log", extra)
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


def test_new_route_and_hook_paths_stay_routes(instance):
    assert instance.call("POST", "/initialize", control="/initialize")[0] == 200
    status, body, rid = instance.call("GET", "/users/7", control="/http-invoke")
    assert (status, re.sub(r"\s", "", body)) == (200, '{"id":7}')
    assert_invoke_markers(instance.output(), rid)
    assert instance.call("GET", "/users/abc", control="/http-invoke")[0] in (404, 422)

    status, _, rid = instance.call("GET", "/no/such/path", control="/http-invoke")
    assert status == 404
    assert_invoke_markers(instance.output(), rid)


# x-fc-control-path as it may arrive: each names an invocation, so no hook may run.
SPELLINGS = [
    ("/http-invoke",), ("/invoke",), ("/HTTP-INVOKE",), (" /http-invoke\t",),
    ("/http-invoke", "/http-invoke"), ("/initialize", "/http-invoke"),
    ("/pre-stop, /invoke",),
]  # fmt: skip


def test_no_spelling_of_an_invocation_runs_a_hook(instance):
    for method, path in (("POST", "/initialize"), ("GET", "/pre-stop")):
        for spelling in SPELLINGS:
            status, _, rid = instance.call(method, path, *spelling)
            assert status in (404, 405), (path, spelling)
            assert_invoke_markers(instance.output(), rid)
    output = instance.output()
    assert "FC Initialize" not in output and "FC PreStop" not in output
    assert "JOURNEY-" not in output


def test_the_freeze_cycle_rebuilds_what_pre_stop_released(journey, instance):
    framework, _ = journey
    route = CLIENT_ROUTE[framework]
    greeting = "Hello from journey"
    steps = [
        ("POST", "/initialize", "/initialize"), ("GET", route, "/http-invoke"),
        ("GET", "/", "/http-invoke"), ("GET", "/pre-stop", "/pre-stop"),
        ("GET", "/", "/http-invoke"), ("POST", "/initialize", "/initialize"),
        ("GET", route, "/http-invoke"), ("GET", "/", "/http-invoke"),
        ("GET", "/pre-stop", "/pre-stop"), ("GET", "/pre-stop", "/pre-stop"),
    ]  # fmt: skip
    answers = [instance.call(method, path, control)[:2] for method, path, control in steps]
    statuses = [status for status, _ in answers]
    assert statuses == [200] * len(steps), answers
    assert greeting in answers[2][1] and greeting not in answers[4][1]
    assert greeting in answers[7][1]  # rebuilt by the second initialize
    output = instance.output()
    assert output.count("JOURNEY-INITIALIZE") == 2
    assert output.count("JOURNEY-PRE_STOP") == 2  # the third PreStop ran nothing
    assert output.count("FC PreStop End") == 3
    if framework == "django":  # the second initialize saw the first request's row
        first, second = (json_of(answers[i][1])["at_start"] for i in (1, 6))
        assert second > first
    assert instance.stop() == clean_stop_status(framework)
    assert not [secret for secret in SECRET_HEADERS.values() if secret in instance.output()]


def json_of(body: str) -> dict:
    import json

    return json.loads(body)


def test_validate_finds_nothing_and_run_sees_an_http_function(journey):
    from fc_lifecycle.localrun import config

    _, project = journey
    assert [str(problem) for problem in validate(project)] == []
    assert config.load(project).event is False


def test_ruff_mypy_and_pyright_are_clean(journey, tmp_path_factory):
    framework, project = journey

    def check(*command: str) -> None:
        result = subprocess.run(command, cwd=project, capture_output=True, text=True)
        assert result.returncode == 0, (command, result.stdout[-3000:] + result.stderr[-3000:])

    check(RUFF, "check", "--no-cache", ".")
    check(RUFF, "format", "--check", "--no-cache", ".")
    # The matrix's cache for the framework: the packages' stubs are read once per run.
    with mypy_cache(tmp_path_factory, framework) as cache:
        check(sys.executable, "-m", "mypy", "--cache-dir", str(cache))
    check(str(BIN / "pyright"), "--pythonpath", sys.executable)


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


def test_frameworks_own_log_lines_stay_inside_the_requests_markers(journey, instance):
    status, _, rid = instance.call("GET", "/nope", control="/http-invoke")
    assert status == 404
    lines = instance.output().splitlines()
    start, end = (lines.index(f"FC Invoke {phase} RequestId: {rid}") for phase in ("Start", "End"))
    after = [line for line in lines[end + 1 :] if "/nope" in line]
    assert after == [], after
    if journey[0] == "django":
        assert any(rid in line and "Not Found: /nope" in line for line in lines[start:end])


def test_a_bad_return_value_is_a_500_never_a_dropped_connection(journey, instance):
    if journey[0] != "none":
        pytest.skip("the frameworks check their views' return values themselves")
    for path in ("/now", "/no-tuple"):
        status, body, rid = instance.call("GET", path, control="/http-invoke")
        output = instance.output()
        assert status == 500, path
        assert_invoke_markers(output, rid)
        assert re.search(rf"{re.escape(rid)} \[ERROR\] Traceback", output)
        assert SECRET_HEADERS["x-fc-access-key-secret"] not in output + body
    assert instance.call("GET", "/users/1", control="/http-invoke")[0] == 200
