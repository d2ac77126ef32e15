"""A generated project started through its ``code/bootstrap`` as FC starts it, with
credentials that must never show, and a one-call HTTP client for it (shared by the hostile
request, load and framing tests)."""

from __future__ import annotations

import http.client
import importlib.util
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from helpers.projects import project_copy

ROOT = Path(__file__).resolve().parents[2]
# The module each framework's server needs (the none framework's is the standard library's).
MODULE = {"flask": "flask", "fastapi": "fastapi", "django": "django", "none": "http"}

SECRET_HEADERS = {
    "x-fc-access-key-id": "STS.HOSTILE-ID-0a1b",
    "x-fc-access-key-secret": "HOSTILE-SECRET-2c3d",
    "x-fc-security-token": "HOSTILE-TOKEN-4e5f",
}
SECRET_ENV = {
    "ALIBABA_CLOUD_ACCESS_KEY_ID": "STS.HOSTILE-ENV-ID-6a7b",
    "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "HOSTILE-ENV-SECRET-8c9d",
    "ALIBABA_CLOUD_SECURITY_TOKEN": "HOSTILE-ENV-TOKEN-0e1f",
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def call(port, method, path, headers=None, body=None, timeout=30.0):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read().decode(errors="replace")
    finally:
        connection.close()


class Instance:
    """A generated project started through its bootstrap, as FC starts it."""

    def __init__(self, project: Path, env: dict, tmp_path: Path) -> None:
        self.port = free_port()
        self.log = tmp_path / "instance.log"
        environment = {
            **os.environ, **SECRET_ENV, **env,
            "FC_CUSTOM_LISTEN_PORT": str(self.port),
            "FC_FUNCTION_NAME": "hostile", "FC_REGION": "cn-hangzhou",
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        }  # fmt: skip
        with self.log.open("w") as sink:
            self.process = subprocess.Popen(
                [str(project / "code" / "bootstrap")], env=environment,
                stdout=sink, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
        self._wait()

    def _wait(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                call(self.port, "GET", "/ready-probe", timeout=2)
                return
            except OSError:
                time.sleep(0.05)
        raise AssertionError(f"instance did not start:\n{self.log.read_text()}")

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def stop(self, timeout: float = 20) -> int:
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=timeout)

    def kill(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


def needs(framework: str) -> None:
    """Skip the test when ``framework`` is not installed here."""
    if importlib.util.find_spec(MODULE[framework]) is None:
        pytest.skip(f"{framework} is not installed in this environment")


@contextmanager
def running(
    framework: str,
    tmp: Path,
    answers: dict | None = None,
    env: dict | None = None,
    prepare: Callable[[Path], None] | None = None,
) -> Iterator[Instance]:
    """A project of ``framework`` (with ``answers``) rendered in ``tmp``, changed by
    ``prepare(project)``, started with ``env``; killed on the way out."""
    needs(framework)
    project = project_copy({"framework": framework, **(answers or {})}, tmp / "out")
    if prepare is not None:
        prepare(project)
    started = Instance(project, env or {}, tmp)
    started.framework = framework
    try:
        yield started
    finally:
        started.kill()
