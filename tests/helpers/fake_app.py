"""A fake function (one stdlib app told by ``BEHAVIOUR`` how to misbehave) and
``fc-lifecycle run`` driving it, once or serving in the background (the runner's tests)."""

from __future__ import annotations

import socket
import subprocess
import sys
import textwrap
import time
import urllib.error
import urllib.request
from pathlib import Path

# One app, told by BEHAVIOUR (an environment variable in s.yaml) how to misbehave.
APP = textwrap.dedent(
    """
    import json, os, signal, sys, threading, time
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    B = os.environ["BEHAVIOUR"]
    STARTS = os.path.join(os.path.dirname(__file__), "starts")
    starts = (int(open(STARTS).read()) if os.path.exists(STARTS) else 0) + 1
    open(STARTS, "w").write(str(starts))
    env = " ".join(f"{k}={v}" for k, v in os.environ.items())
    print(f"app start {starts} env {env}", flush=True)
    open(os.path.join(os.path.dirname(__file__), "app.pid"), "w").write(str(os.getpid()))
    if B == "exit":
        print("boom: cannot start", flush=True)
        sys.exit(3)
    if B == "no-port":
        time.sleep(60)
    if B == "ignore-term":
        signal.signal(signal.SIGTERM, lambda *a: print("ignoring SIGTERM", flush=True))
    calls = {"init": 0}
    inflight = [0, 0]
    lock = threading.Lock()

    class H(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        def answer(self, status, body=b"ok"):
            self.send_response(status)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        def do_POST(self):
            if self.path != "/initialize":
                return self.do_GET()
            calls["init"] += 1
            print(f"init call {calls['init']} headers {dict(self.headers)}", flush=True)
            if B == "init-404-twice" and calls["init"] <= 2:
                return self.answer(404)
            if B == "init-500-first-start" and starts == 1:
                return self.answer(500)
            if B == "init-404-later" and starts > 1:
                return self.answer(404)
            if B == "init-slow":
                time.sleep(3)
            self.answer(200)
        def do_GET(self):
            if self.path == "/stream":
                self.send_response(200)
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                for part in (b"one,", b"two,", b"three"):
                    self.wfile.write(b"%x\\r\\n%s\\r\\n" % (len(part), part))
                    self.wfile.flush()
                    time.sleep(0.05)
                self.wfile.write(b"0\\r\\n\\r\\n")
                return
            if self.path == "/big-header":
                self.send_response(200)
                self.send_header("X-Big", "b" * 9000)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if self.path == "/pre-stop" and B == "pre-stop-hangs":
                time.sleep(30)
            if self.path == "/pre-stop":
                print("pre-stop called", flush=True)
                open(os.path.join(os.path.dirname(__file__), "pre-stop.called"), "w").close()
                return self.answer(200)
            with lock:
                inflight[0] += 1
                inflight[1] = max(inflight)
            if B == "slow-invoke":
                time.sleep(1)
            with lock:
                inflight[0] -= 1
            seen = {"headers": dict(self.headers), "max_inflight": inflight[1]}
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self.answer(200, json.dumps(seen).encode())
        def log_message(self, *a):
            pass

    server = ThreadingHTTPServer(("0.0.0.0", int(os.environ["FC_CUSTOM_LISTEN_PORT"])), H)
    server.daemon_threads = True
    signal.signal(signal.SIGTERM, signal.getsignal(signal.SIGTERM) if B == "ignore-term"
                  else lambda *a: threading.Thread(target=server.shutdown).start())
    server.serve_forever()
    """
)


def make_app(
    tmp_path: Path, behaviour: str, *, init_timeout=2, stop_timeout=2, concurrency=5,
    background=False,
):  # fmt: skip
    project = tmp_path / "app"
    (project / "code").mkdir(parents=True)
    (project / "code" / "app.py").write_text(APP)
    bootstrap = project / "code" / "bootstrap"
    # background: a bootstrap that leaves a child of its own running beside the server
    child = "sleep 300 &\necho $! > child.pid\n" if background else ""
    bootstrap.write_text(f"#!/bin/bash\n{child}exec python3 app.py\n")
    bootstrap.chmod(0o755)
    (project / "s.yaml").write_text(textwrap.dedent(f"""\
        edition: 3.0.0
        name: test
        resources:
          fn:
            component: fc3
            props:
              region: cn-hangzhou
              functionName: fake
              runtime: custom.debian10
              code: ./code
              timeout: 10
              instanceConcurrency: {concurrency}
              customRuntimeConfig:
                port: 9000
                command: [/code/bootstrap]
              instanceLifecycleConfig:
                initializer: {{handler: "true", timeout: {init_timeout}}}
                preStop: {{handler: "true", timeout: {stop_timeout}}}
              environmentVariables:
                BEHAVIOUR: {behaviour}
                PATH: /code/bin:/usr/local/bin:/usr/bin:/bin
        """))  # fmt: skip
    return project


def fc_run(project: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "fc_lifecycle", "run", str(project), *args],
        capture_output=True, text=True, timeout=timeout,
    )  # fmt: skip


FAST = ["--startup-timeout", "3", "--grace", "1", "--init-attempts", "3"]


def with_venv(project: Path) -> Path:
    """Give ``project`` a .venv whose python3 marks the processes it starts."""
    bin_dir = project / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    (bin_dir / "python3").write_text(
        f'#!/bin/sh\nexport STARTED_BY=project-venv\nexec "{sys.executable}" "$@"\n'
    )
    (bin_dir / "python3").chmod(0o755)
    return project


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Serving:
    """``fc-lifecycle run`` serving on a port, in the background; one a test leaves
    running (it failed before ``stop``) is stopped by ``stop_left_running``."""

    def __init__(self, project: Path, *args: str) -> None:
        STARTED.append(self)
        self.port = free_port()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "fc_lifecycle", "run", str(project), "--listen",
             str(self.port), *FAST, *args], stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.05)

    def get(self, path="/", headers=None) -> tuple[int, str]:
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}{path}", headers=headers or {}
        )
        try:
            with urllib.request.urlopen(request, timeout=20) as answer:
                self.headers = answer.headers
                return answer.status, answer.read().decode()
        except urllib.error.HTTPError as error:
            self.headers = error.headers
            return error.code, error.read().decode()

    def stop(self) -> tuple[int, str]:
        self.process.send_signal(2)
        _, err = self.process.communicate(timeout=20)
        return self.process.returncode, err


STARTED: list[Serving] = []


def stop_left_running() -> None:
    """Stop every ``Serving`` still running, as Ctrl-C does (a SIGKILL would leave the
    instance to the runner's guard, and skip PreStop), and forget them all."""
    for serving in STARTED:
        if serving.process.poll() is None:
            try:
                serving.stop()
            except subprocess.TimeoutExpired:
                serving.process.kill()
    STARTED.clear()
