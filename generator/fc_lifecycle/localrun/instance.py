"""The instance: the function's process, started with FC's environment, and its output."""

from __future__ import annotations

import collections
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from fc_lifecycle.localrun.config import Function
from fc_template import facts

# Stand-ins for the role's temporary credentials: recognisable, useless, and masked.
PLACEHOLDER_CREDENTIALS = {
    "ALIBABA_CLOUD_ACCESS_KEY_ID": "STS.LOCAL-PLACEHOLDER-KEY-ID",
    "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "LOCAL-PLACEHOLDER-KEY-SECRET",
    "ALIBABA_CLOUD_SECURITY_TOKEN": "LOCAL-PLACEHOLDER-SECURITY-TOKEN",
}
PROBE = b"FC-LIFECYCLE-READY?"
FC_PATH = "/usr/local/bin:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin"


class InstanceError(Exception):
    """The instance could not be started or did not become ready."""


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def environment(function: Function, port: int, instance_id: str, python_bin: Path) -> dict:
    """FC's variables for an instance, the function's own, and a PATH for this machine."""
    own = dict(function.environment)
    path = os.pathsep.join([str(python_bin), own.pop("PATH", ""), os.environ.get("PATH", FC_PATH)])
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("FC_", "ALIBABA_CLOUD_"))},
        **own,
        **PLACEHOLDER_CREDENTIALS,
        "PATH": path,
        **{name: str(port) for name in facts.PORT_ENV},
        "FC_FUNCTION_NAME": function.name,
        "FC_REGION": function.region,
        "FC_INSTANCE_ID": instance_id,
        "FC_FUNCTION_MEMORY_SIZE": str(function.memory),
        "FC_FUNC_CODE_PATH": str(function.code_dir),
        "FC_FUNCTION_HANDLER": "index.handler",
        "FC_ACCOUNT_ID": "1234567890",
    }


class Instance:
    """One running instance of the function."""

    def __init__(self, function: Function, python_bin: Path, emit: Callable[[str], None]):
        self.function = function
        self.python_bin = python_bin
        self.emit = emit
        self.port = 0
        self.id = ""
        self.process: subprocess.Popen | None = None
        self.tail: collections.deque[str] = collections.deque(maxlen=20)

    def start(self, startup_limit: float) -> float:
        """Start the process and wait until it answers HTTP; return the seconds it took."""
        self.port, self.id = free_port(), f"c-local-{uuid.uuid4().hex[:12]}"
        begin = time.monotonic()
        try:
            self.process = subprocess.Popen(
                self.function.command,
                cwd=self.function.code_dir,
                env=environment(self.function, self.port, self.id, self.python_bin),
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        except OSError as error:
            raise InstanceError(
                f"cannot start {' '.join(self.function.command)}: {error}"
            ) from None
        threading.Thread(target=self._pump, daemon=True).start()
        self._wait_ready(begin + startup_limit)
        return time.monotonic() - begin

    def stop(self, grace: float) -> tuple[int | None, bool]:
        """SIGTERM, then SIGKILL after ``grace`` seconds; return (exit status, was killed)."""
        if self.process is None or self.process.poll() is not None:
            return (self.process.returncode if self.process else None), False
        self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=grace), False
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            return self.process.wait(), True

    def alive(self) -> bool:
        """Whether the process is still running."""
        return self.process is not None and self.process.poll() is None

    def _wait_ready(self, deadline: float) -> None:
        # A listening socket is not enough: gunicorn's master listens before it can answer.
        while time.monotonic() < deadline:
            if not self.alive():
                self.process.wait()
                time.sleep(0.1)  # let the last lines of output arrive
                tail = "\n".join(self.tail) or "(no output)"
                code = self.process.returncode
                raise InstanceError(f"the instance exited with {code} before answering:\n{tail}")
            if self._answers():
                return
            time.sleep(0.02)
        self.stop(grace=1)
        raise InstanceError(f"the instance did not answer HTTP on port {self.port} in time")

    def _answers(self) -> bool:
        """Whether the server speaks HTTP yet, without running the function's code.

        A request line that is not HTTP gets an error from the server itself (a 400 from
        gunicorn and uvicorn, a bare error page from http.server, which takes it for
        HTTP/0.9), so probing never shows up as an invocation. Any answer means the
        server is reading requests; a master still booting its workers says nothing.
        """
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as probe:
                probe.sendall(PROBE + b"\r\n\r\n")
                return bool(probe.recv(5))
        except OSError:
            return False

    def _pump(self) -> None:
        for raw in iter(self.process.stdout.readline, b""):
            line = raw.decode(errors="replace").rstrip("\n")
            if PROBE.decode() in line or "Invalid HTTP request received" in line:
                continue  # the server's own note about our readiness probe
            self.tail.append(line)
            self.emit(line)


def python_bin(project: Path, python: str | None) -> Path:
    """Where ``python3`` for the instance lives: --python, the project's .venv, or ours."""
    if python:
        # absolute(), not resolve(): a venv's python is a symlink to the base interpreter.
        return Path(python).absolute().parent
    venv = project / ".venv" / "bin"
    return venv if (venv / "python3").exists() else Path(sys.executable).parent
