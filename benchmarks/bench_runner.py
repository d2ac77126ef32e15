"""`fc-lifecycle run`: the latency its proxy adds to a request, at one connection."""

from __future__ import annotations

import http.client
import os
import re
import signal
import subprocess
import time
from pathlib import Path

from apps import free_port
from bench_tooling import FC_LIFECYCLE
from sandbox import Sandbox
from settings import Settings
from timing import Comparison

READY = re.compile(r"answers HTTP on port (\d+)")
LISTENING = "listening on http://"


class Runner:
    """``fc-lifecycle run PROJECT --listen 127.0.0.1:PORT`` as a child process."""

    def __init__(self, sandbox: Sandbox, project: Path, log: Path) -> None:
        self.port = free_port()
        self.log = log
        with log.open("ab") as out:
            self.process = subprocess.Popen(
                [*FC_LIFECYCLE, "run", str(project), "--listen", f"127.0.0.1:{self.port}"],
                env=sandbox.env,
                stdout=out,
                stderr=out,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        self.instance_port = self._wait_ready(time.monotonic() + 60)

    def _wait_ready(self, deadline: float) -> int:
        while time.monotonic() < deadline:
            text = self.log.read_text(errors="replace")
            found = READY.search(text)
            if found and LISTENING in text:
                return int(found.group(1))
            if self.process.poll() is not None:
                raise RuntimeError(f"fc-lifecycle run exited early:\n{text[-1500:]}")
            time.sleep(0.05)
        self.stop()
        raise RuntimeError("fc-lifecycle run did not get ready in time")

    def stop(self) -> None:
        """Ctrl-C, as a person would; SIGKILL the group if it hangs."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def timed_get(connection: http.client.HTTPConnection, headers: dict) -> float:
    """Seconds for one GET / on a kept-alive connection."""
    began = time.perf_counter()
    connection.request("GET", "/", headers=headers)
    answer = connection.getresponse()
    answer.read()
    took = time.perf_counter() - began
    if answer.status != 200:
        raise RuntimeError(f"GET / answered {answer.status}")
    return took


def overhead(sandbox: Sandbox, settings: Settings, projects: dict[str, Path]) -> list:
    """Alternate requests through the runner (ours) and straight to the instance."""
    from fc_lifecycle.localrun.config import load
    from fc_lifecycle.localrun.fc_calls import fc_headers

    project = projects["none"]
    function = load(project)
    runner = Runner(sandbox, project, sandbox.root / "runner.log")
    try:
        direct = http.client.HTTPConnection("127.0.0.1", runner.instance_port, timeout=30)
        proxied = http.client.HTTPConnection("127.0.0.1", runner.port, timeout=30)
        rounds = []
        for index in range(settings.overhead_rounds + 1):
            through, straight = [], []
            for _ in range(settings.overhead_pairs):
                # Straight requests carry the headers the runner would add, so the instance
                # does the same work both ways.
                through.append(timed_get(proxied, {}))
                straight.append(timed_get(direct, fc_headers(function, "/http-invoke")))
            if index:  # the first round warms both paths up
                rounds.append((through, straight))
        direct.close()
        proxied.close()
    finally:
        runner.stop()
    ours = [value * 1000 for through, _ in rounds for value in through]
    reference = [value * 1000 for _, straight in rounds for value in straight]
    scaled = [([v * 1000 for v in a], [v * 1000 for v in b]) for a, b in rounds]
    return [
        Comparison(
            "`fc-lifecycle run` overhead: GET / through the runner vs straight (none variant)",
            "ms",
            ours,
            reference,
            kind="difference",
            limit=1.0,
            rounds=scaled,
            note="added median latency per request, 1 connection",
        )
    ]
