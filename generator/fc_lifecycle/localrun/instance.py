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
from typing import IO

import psutil

from fc_lifecycle.i18n import _
from fc_lifecycle.localrun import guard
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
        self.leftovers = 0
        self.family: list[psutil.Process] = []

    def start(self, startup_limit: float, cancelled: Callable[[], bool] = lambda: False) -> float:
        """Start the process and wait until it answers HTTP; return the seconds it took.

        ``cancelled`` is asked while waiting: the runner is stopping, give up.
        """
        self.port, self.id = free_port(), f"c-local-{uuid.uuid4().hex[:12]}"
        begin = time.monotonic()
        try:
            self.process = process = subprocess.Popen(
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
        guard.watch(process.pid)  # its group is gone with us, even if we are killed
        threading.Thread(target=self._pump, args=(process.stdout,), daemon=True).start()
        self._wait_ready(process, begin + startup_limit, cancelled)
        return time.monotonic() - begin

    def stop(self, grace: float) -> tuple[int | None, bool]:
        """SIGTERM, then SIGKILL after ``grace`` seconds; return (exit status, was killed).

        FC destroys the instance's whole environment, so any process the command left
        behind (a bootstrap's background child) is killed too; ``leftovers`` counts them.
        """
        self.leftovers = 0
        if self.process is None or self.process.poll() is not None:
            if self.process is not None:
                _end_group(self.process.pid)
            return (self.process.returncode if self.process else None), False
        family = self.tree()
        self.thaw()  # a stopped process would not see SIGTERM until it is continued
        self.process.send_signal(signal.SIGTERM)
        try:
            status, killed = self.process.wait(timeout=grace), False
        except subprocess.TimeoutExpired:
            family = self.tree() + family
            _signal_all(family, signal.SIGKILL)
            status, killed = self.process.wait(), True
        self.leftovers = _kill_all(family[1:] if not killed else [])
        _end_group(self.process.pid)  # children started after the snapshot
        return status, killed

    @property
    def returncode(self) -> int | None:
        """The exit status once the process has ended; None before."""
        return None if self.process is None else self.process.returncode

    def alive(self) -> bool:
        """Whether the process is still running."""
        return self.process is not None and self.process.poll() is None

    def kill(self) -> None:
        """End the whole process tree at once, as FC ends an instance (out of memory)."""
        if self.process is not None:
            _signal_all(self.tree(), signal.SIGKILL)
            _end_group(self.process.pid)
            self.process.wait()

    def tree(self) -> list[psutil.Process]:
        """The instance's processes: the command and every descendant (empty once gone).

        Finding descendants reads every process of the machine (milliseconds), so the
        list is kept for ``memory``, ``freeze`` and ``thaw``; the watcher renews it.
        """
        if self.process is None or self.process.poll() is not None:
            self.family = []
            return []
        try:
            root = psutil.Process(self.process.pid)
            self.family = [root, *root.children(recursive=True)]
        except psutil.Error:
            self.family = []
        return list(self.family)

    def freeze(self) -> None:
        """Stop every process of the instance (SIGSTOP), as FC freezes it between calls."""
        self._signal_known(signal.SIGSTOP)

    def thaw(self) -> None:
        """Continue every process of the instance (SIGCONT)."""
        self._signal_known(signal.SIGCONT)

    def memory(self) -> int:
        """Resident memory of the whole process tree, in bytes (shared pages count once
        per process, so a forking server is over-counted a little, never under)."""
        total = 0
        for process in self.family or self.tree():
            try:
                total += process.memory_info().rss
            except psutil.Error:
                pass
        return total

    def _signal_known(self, sig: int) -> None:
        # The group reaches every process that stayed in the instance's session, the kept
        # list those that left it (setsid), without reading the whole process table.
        if self.process is not None and self.process.poll() is None:
            _signal_all(self.family, sig)
            try:
                os.killpg(self.process.pid, sig)
            except OSError:
                pass

    def _wait_ready(
        self, process: subprocess.Popen, deadline: float, cancelled: Callable[[], bool]
    ) -> None:
        # A listening socket is not enough: gunicorn's master listens before it can answer.
        while time.monotonic() < deadline:
            if cancelled():
                self.stop(grace=1)
                raise InstanceError(_("the runner stopped before the instance answered HTTP"))
            if not self.alive():
                code = process.wait()
                time.sleep(0.1)  # let the last lines of output arrive
                tail = "\n".join(self.tail) or "(no output)"
                raise InstanceError(
                    _("the instance exited with %(code)s before answering:") % {"code": code}
                    + f"\n{tail}"
                )
            if self._answers():
                return
            time.sleep(0.02)
        self.stop(grace=1)
        raise InstanceError(
            _("the instance did not answer HTTP on port %(port)s in time") % {"port": self.port}
        )

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

    def _pump(self, output: IO[bytes]) -> None:
        for raw in iter(output.readline, b""):
            line = raw.decode(errors="replace").rstrip("\n")
            if PROBE.decode() in line or "Invalid HTTP request received" in line:
                continue  # the server's own note about our readiness probe
            self.tail.append(line)
            self.emit(line)


def _signal_all(processes: list[psutil.Process], sig: int) -> None:
    for process in processes:
        try:
            process.send_signal(sig)
        except psutil.Error:
            pass  # already gone


def _kill_all(processes: list[psutil.Process]) -> int:
    """SIGKILL the processes still running; return how many there were."""
    alive = [p for p in processes if _running(p)]
    _signal_all(alive, signal.SIGKILL)
    psutil.wait_procs(alive, timeout=2)
    return len(alive)


def _end_group(pgid: int) -> None:
    # The instance runs in a session of its own (start_new_session), so its group id
    # is its pid; what is left in the group after it ended is left over. Then the guard
    # has nothing left to do for it.
    try:
        os.killpg(pgid, signal.SIGKILL)
    except OSError:
        pass
    guard.forget(pgid)


def _running(process: psutil.Process) -> bool:
    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def python_bin(project: Path, python: str | None) -> Path:
    """Where ``python3`` for the instance lives: --python, the project's .venv, or ours."""
    if python:
        # absolute(), not resolve(): a venv's python is a symlink to the base interpreter.
        return Path(python).absolute().parent
    venv = project / ".venv" / "bin"
    return venv if (venv / "python3").exists() else Path(sys.executable).parent
