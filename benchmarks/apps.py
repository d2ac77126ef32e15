"""The servers under test: generated variants and references, started, timed and stopped."""

from __future__ import annotations

import http.client
import os
import shlex
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

REFERENCES = Path(__file__).resolve().parent / "references"
# What each variant's bootstrap serves, and what its bare reference serves in its place.
VARIANT_TARGETS = {
    "flask": ("app:create_app()", "bare_flask:app"),
    "fastapi": ("app.main:app", "bare_fastapi:app"),
    "django": ("config.wsgi:application", "bare_django.wsgi:application"),
    "none": ("server.py", "bare_none.py"),
}
HEADERS = {"x-fc-request-id": "bench-initialize", "Content-Length": "0"}


class ServerError(Exception):
    """A server exited or did not answer POST /initialize with 2xx in time."""


@dataclass(frozen=True)
class Server:
    """How to start one server: its command, folder and extra environment."""

    name: str
    argv: list[str]
    cwd: Path
    env: dict


def variant(framework: str, project: Path) -> Server:
    """A generated project, started by its own ``code/bootstrap``."""
    code = project / "code"
    return Server(framework, [str(code / "bootstrap")], code, {})


def bare(framework: str, project: Path) -> Server:
    """The bare app of ``framework``, run with the variant's exact server command.

    The command is the ``exec`` line of the variant's bootstrap with only the app swapped,
    and the variant's files (e.g. ``gunicorn.conf.py``) referred to by absolute path; the
    environment is what the bootstrap exports.
    """
    code = project / "code"
    ours, theirs = VARIANT_TARGETS[framework]
    argv = []
    for word in exec_line(code / "bootstrap"):
        if word == ours:
            word = theirs
        elif word == "python3":
            word = sys.executable
        elif (code / word).is_file():
            word = str(code / word)
        argv.append(word)
    # The code folder on the path for the variant's own files (gunicorn.conf.py reads
    # fc_support.settings); the bare app itself imports nothing from it.
    env = {"PYTHONUNBUFFERED": "1", "PYTHONPATH": str(code)}
    return Server(f"bare {framework}", argv, REFERENCES, env)


def bare_with_markers(framework: str, project: Path) -> Server:
    """The bare app printing FC's two marker lines per request, as FC's sample does.

    The least a custom runtime must do for FC's log view (fc-facts 5.5: the Invoke Start and
    End lines are required), so a ratio against it is what fc-lifecycle adds beyond that.
    """
    plain = bare(framework, project)
    env = {**plain.env, "BARE_MARKERS": "1"}
    return Server(f"bare+markers {framework}", plain.argv, plain.cwd, env)


def seed() -> Server:
    """The FC document's sample: Flask's development server."""
    return Server("seed", [sys.executable, "seed_flask_app.py"], REFERENCES, {})


def exec_line(bootstrap: Path) -> list[str]:
    """The words of the bootstrap's ``exec`` line, without ``exec``."""
    for line in bootstrap.read_text().splitlines():
        if line.startswith("exec "):
            return shlex.split(line)[1:]
    raise ServerError(f"{bootstrap}: no exec line")


def split_cpus() -> tuple[set[int], set[int]] | None:
    """One CPU for the server and the others for the load, or None on a single CPU.

    Under load, the server's threads and the load generator's would otherwise hand the
    CPUs (and each process's GIL) back and forth, which makes throughput jump between runs.
    """
    if not hasattr(os, "sched_getaffinity"):
        return None
    available = sorted(os.sched_getaffinity(0))
    if len(available) < 2:
        return None
    return {available[0]}, set(available[1:])


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Running:
    """A started server: its port, its process group, and how long it took to be ready."""

    def __init__(
        self,
        server: Server,
        base_env: dict,
        log: Path,
        limit: float = 60.0,
        cpus: set[int] | None = None,
    ):
        self.server = server
        self.port = free_port()
        self.log = log
        env = {k: v for k, v in base_env.items() if k != "PYTHONPATH"}
        port = str(self.port)
        env.update(server.env, FC_CUSTOM_LISTEN_PORT=port, PORT=port, FC_FUNCTION_NAME="bench")
        if "$PORT" in server.argv:
            server = Server(
                server.name,
                [port if w == "$PORT" else w for w in server.argv],
                server.cwd,
                server.env,
            )
        # The server's output goes through a pipe to another process that appends it to the
        # log, as a log collector reads an instance's output: the server pays for writing
        # its lines, not for growing a file (appending to a file on disk cost about 13 us
        # per marker line under load here, 11 % of FastAPI's throughput).
        # Pinned away from the server's CPUs, as a collector is not the instance's work.
        others = set(os.sched_getaffinity(0)) - cpus if cpus else set()
        with log.open("ab") as out:
            self.sink = subprocess.Popen(
                ["cat"],
                stdin=subprocess.PIPE,
                stdout=out,
                preexec_fn=(lambda: os.sched_setaffinity(0, others)) if others else None,
            )
        begin = time.perf_counter()
        self.process = subprocess.Popen(
            server.argv,
            cwd=server.cwd,
            env=env,
            stdout=self.sink.stdin,
            stderr=self.sink.stdin,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            # The server and every process it forks stay on ``cpus``.
            preexec_fn=(lambda: os.sched_setaffinity(0, cpus)) if cpus else None,
        )
        self.sink.stdin.close()  # the server holds the only write end: cat ends with it
        try:
            self._wait_initialized(begin + limit)
        except BaseException:
            self.stop()
            raise
        self.cold_start = time.perf_counter() - begin

    def _wait_initialized(self, deadline: float) -> None:
        """Poll POST /initialize until the first 2xx."""
        while time.perf_counter() < deadline:
            if self.process.poll() is not None:
                self.sink.wait(timeout=10)
                tail = self.log.read_text(errors="replace")[-1500:]
                raise ServerError(f"{self.server.name} exited {self.process.returncode}:\n{tail}")
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            try:
                connection.request("POST", "/initialize", body=b"", headers=HEADERS)
                answer = connection.getresponse()
                answer.read()
                if 200 <= answer.status < 300:
                    return
                raise ServerError(f"{self.server.name}: POST /initialize answered {answer.status}")
            except (ConnectionError, http.client.HTTPException):
                time.sleep(0.002)
            finally:
                connection.close()
        raise ServerError(f"{self.server.name} did not answer POST /initialize in time")

    def peak_memory(self) -> float:
        """Peak resident memory in MB: VmHWM summed over the process and its children."""
        return sum(_vm_hwm_kb(pid) for pid in _tree(self.process.pid)) / 1024

    def stop(self) -> None:
        """SIGTERM the process group; SIGKILL it after 10 s."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        try:
            self.sink.wait(timeout=10)  # the log is complete once the server's output ended
        except subprocess.TimeoutExpired:
            self.sink.kill()
            self.sink.wait()

    def __enter__(self) -> Running:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _tree(root: int) -> list[int]:
    """``root`` and every descendant, from each process's parent in /proc."""
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            parents.setdefault(ppid, []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(parents.get(pid, []))
    return found


def _vm_hwm_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0
