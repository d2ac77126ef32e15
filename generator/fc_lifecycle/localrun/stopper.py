"""Stopping the runner on SIGINT, SIGTERM or SIGHUP (its terminal closed), whenever they
arrive.

A Python signal handler runs in the main thread between two bytecodes, possibly while
that thread holds a lock (``Event.wait`` holds its condition's lock): a handler that takes
a lock can deadlock the runner for good. So the handler only sets a flag, and the wake-up
goes through a pipe (``signal.set_wakeup_fd``, written by the interpreter's C handler).
"""

from __future__ import annotations

import os
import select
import signal
import threading
from collections.abc import Callable

# SIGHUP: the terminal the runner was started in closed (its instances, in sessions of
# their own, get no SIGHUP): stop them as on Ctrl-C.
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


class Stopper:
    """A stop request: set by a signal or by any thread, waited for with a timeout."""

    def __init__(self) -> None:
        self.requested = False
        self.signal_name = ""
        self._read, self._write = os.pipe()
        os.set_blocking(self._read, False)
        os.set_blocking(self._write, False)

    def request(self, reason: str = "") -> None:
        """Ask the runner to stop (safe from any thread and from a signal handler)."""
        self.signal_name = self.signal_name or reason
        self.requested = True
        try:
            os.write(self._write, b"x")
        except OSError:
            pass  # the pipe is full: a wake-up is already waiting

    def wait(self, timeout: float) -> bool:
        """Sleep up to ``timeout`` seconds or until a stop request; return whether one came."""
        if not self.requested:
            try:
                select.select([self._read], [], [], timeout)
            except InterruptedError:
                pass
        self._drain()
        return self.requested

    def install(self) -> Callable[[], None]:
        """Stop on SIGINT, SIGTERM and SIGHUP (main thread only); return what restores the
        old handlers. Elsewhere (a test calling from a thread) nothing is installed."""
        if threading.current_thread() is not threading.main_thread():
            return lambda: None
        previous = {sig: signal.getsignal(sig) for sig in STOP_SIGNALS}
        old_fd = signal.set_wakeup_fd(self._write, warn_on_full_buffer=False)

        def on_signal(number: int, _frame: object) -> None:
            # A flag only: no lock, no I/O of our own (the wake-up fd did the I/O).
            self.signal_name = self.signal_name or signal.Signals(number).name
            self.requested = True

        for sig in previous:
            signal.signal(sig, on_signal)

        def restore() -> None:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
            signal.set_wakeup_fd(old_fd)

        return restore

    def close(self) -> None:
        """Release the pipe."""
        for fd in (self._read, self._write):
            try:
                os.close(fd)
            except OSError:
                pass

    def _drain(self) -> None:
        try:
            while os.read(self._read, 512):
                pass
        except OSError:
            pass
