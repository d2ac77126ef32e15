"""The guard: ends the instances when the runner dies without stopping them.

An instance runs in a session of its own, so that Ctrl-C reaches only the runner (which
calls PreStop first). The price: nothing ends an instance when the runner is killed
(SIGKILL, the kernel's out-of-memory killer, a crash). So the runner starts a guard, a
small process in a session of its own that reads a pipe from the runner: ``+PGID`` when an
instance starts, ``-PGID`` once it is stopped. The runner's end of the pipe closes when its
process ends, however it ends; the guard then kills the process groups still listed (the
instance and all it started, as FC destroys an instance's environment) and exits.

Usage: ``watch(pid)`` right after starting an instance in a new session, ``forget(pid)``
once it is stopped. The first ``watch`` starts the guard; one guard serves the process.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading

_LOCK = threading.Lock()
_pipe: int | None = None  # our end of the guard's pipe, once the guard runs
_guard: subprocess.Popen | None = None  # kept: a dropped Popen warns that it still runs


def watch(pgid: int) -> None:
    """Have the guard kill process group ``pgid`` if this process ends before ``forget``."""
    _tell(f"+{pgid}")


def forget(pgid: int) -> None:
    """The group is stopped: nothing for the guard to do about it."""
    _tell(f"-{pgid}")


def _tell(line: str) -> None:
    global _pipe
    with _LOCK:
        if _pipe is None:
            _pipe = _start()
        try:
            os.write(_pipe, f"{line}\n".encode())  # one short write: atomic on a pipe
        except OSError:
            pass  # the guard is gone (killed by hand): the runner itself still works


def _start() -> int:
    global _guard
    # os.pipe() is not inherited: the instances never hold our end open (it would keep the
    # guard waiting for an EOF that comes only when they end).
    read, write = os.pipe()
    _guard = subprocess.Popen(
        [sys.executable, "-m", "fc_lifecycle.localrun.guard"],
        stdin=read, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,  # no Ctrl-C, no SIGHUP from the runner's terminal
    )  # fmt: skip
    os.close(read)
    return write


def main() -> None:
    """Read the runner's lines until its end of the pipe closes; kill what is still listed."""
    groups: set[int] = set()
    for line in sys.stdin.buffer:
        sign, pgid = line[:1], int(line[1:])
        if sign == b"+":
            groups.add(pgid)
        else:
            groups.discard(pgid)
    for pgid in groups:
        try:
            os.killpg(pgid, signal.SIGKILL)
        except OSError:
            pass  # already gone


if __name__ == "__main__":
    main()
