"""One local run: start the instance, initialize it, serve or invoke, pre-stop, stop."""

from __future__ import annotations

import http.client
import json
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from fc_lifecycle.localrun import events, fc_calls
from fc_lifecycle.localrun.config import Function
from fc_lifecycle.localrun.fc_calls import ReportedStep
from fc_lifecycle.localrun.instance import PLACEHOLDER_CREDENTIALS, Instance, InstanceError
from fc_lifecycle.localrun.proxy import Proxy
from fc_template import facts


@dataclass
class RunOptions:
    """How to run: limits, retries, and what to do once the instance is ready."""

    startup_limit: float = facts.STARTUP_LIMIT
    grace: float = 10.0
    init_attempts: int = 5
    init_backoff: float = 0.5
    restarts: int = 2
    listen: tuple[str, int] = ("127.0.0.1", 8080)
    once: bool = False


@dataclass
class Report:
    """What happened, step by step; ``ok`` when every step met FC's rules."""

    steps: list[ReportedStep] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_json(self) -> str:
        """The report for tools."""
        steps = [asdict(step) for step in self.steps]
        return json.dumps({"ok": self.ok, "steps": steps, "problems": self.problems}, indent=2)


def masked(text: str) -> str:
    """Hide the placeholder credentials, like real ones, in anything shown."""
    for secret in PLACEHOLDER_CREDENTIALS.values():
        text = text.replace(secret, "***")
    return text


class Session:
    """Drives one instance through FC's lifecycle."""

    def __init__(self, function: Function, python_bin: Path, options: RunOptions, emit):
        self.function = function
        self.options = options
        self.report = Report()
        self._emit = emit
        self.instance = Instance(
            function, python_bin, lambda line: emit(f"instance | {masked(line)}")
        )

    def say(self, line: str) -> None:
        """A line of the runner's own."""
        self._emit(f"fc-lifecycle | {masked(line)}")

    def start(self) -> bool:
        """Start the instance and run the Initializer by FC's rules; True when ready."""
        for _ in range(self.options.restarts + 1):
            try:
                seconds = self.instance.start(self.options.startup_limit)
            except InstanceError as error:
                return self._fail(str(error))
            self.say(
                f"instance {self.instance.id} answers HTTP on port {self.instance.port}"
                f" after {seconds:.2f} s"
            )
            if self.function.initializer is None:
                return True
            step, restart = fc_calls.initialize(
                self.function, self.instance.port, self.say,
                self.options.init_attempts, self.options.init_backoff,
            )  # fmt: skip
            self.report.steps.append(step)
            if step.ok:
                return True
            if not restart:
                return self._fail("initialize never succeeded")
            self.say("initialize answered 5xx: FC restarts the instance")
            self.instance.stop(self.options.grace)
        return self._fail("initialize kept failing after restarts")

    def stop(self) -> None:
        """PreStop (if configured), then SIGTERM and SIGKILL after the grace period."""
        if self.function.pre_stop is not None and self.instance.alive():
            step = fc_calls.pre_stop(self.function, self.instance.port, self.say)
            self.report.steps.append(step)
            if not step.ok:
                self.report.problems.append(f"pre-stop: {step.status or step.note}")
        status, killed = self.instance.stop(self.options.grace)
        note = "killed after the grace period" if killed else ""
        self.report.steps.append(ReportedStep("stop", "", status, 0.0, not killed, note))
        if killed:
            self._fail(f"the instance ignored SIGTERM; killed after {self.options.grace:g} s")
        else:
            self.say(f"instance stopped ({exit_text(status)})")

    def serve(self, stop_event: threading.Event) -> None:
        """Forward requests from ``options.listen`` until ``stop_event`` is set."""
        proxy = Proxy(
            self.options.listen, self.function, lambda: self.instance.port, self.say,
            on_request=lambda status: self.options.once and stop_event.set(),
        )  # fmt: skip
        host, port = proxy.server_address[:2]
        self.say(f"listening on http://{host}:{port} (Ctrl-C to stop)")
        thread = threading.Thread(target=proxy.serve_forever, args=(0.1,), daemon=True)
        thread.start()
        while not stop_event.wait(0.2):
            if not self.instance.alive():
                self._fail("the instance exited while serving")
                break
        proxy.shutdown()
        proxy.server_close()

    def invoke(self, method: str, path: str, data: bytes) -> tuple[int, bytes] | None:
        """Send one request as an invocation (an event function: the event, as FC sends
        it to ``POST /invoke``); return (status, body)."""
        if self.function.event:
            method, path, headers = "POST", facts.INVOKE_PATH, events.headers(self.function)
        else:
            headers = fc_calls.fc_headers(self.function, "/http-invoke")
        rid = headers["x-fc-request-id"]
        begin = time.monotonic()
        self.say(f"FC Invoke Start RequestId: {rid} {method} {path}")
        connection = http.client.HTTPConnection(
            "127.0.0.1", self.instance.port, timeout=self.function.timeout + 5
        )
        try:
            connection.request(method, path, body=data or None, headers=headers)
            answer = connection.getresponse()
            result = (answer.status, answer.read())
            answer_headers = {key.lower(): value for key, value in answer.getheaders()}
        except (OSError, http.client.HTTPException) as error:
            self._fail(f"invoke: the instance did not answer ({error})")
            return None
        finally:
            connection.close()
        self.say(f"FC Invoke End RequestId: {rid} status={result[0]}")
        if self.function.event:
            problem = events.failure(result[0], answer_headers)
        else:
            problem = f"invoke answered {result[0]}" if result[0] >= 500 else None
        seconds = time.monotonic() - begin
        self.report.steps.append(ReportedStep("invoke", rid, result[0], seconds, problem is None))
        if problem:
            self._fail(problem)
        return result

    def _fail(self, problem: str) -> bool:
        self.report.problems.append(problem)
        self.say(problem)
        return False


def exit_text(status: int | None) -> str:
    """How the instance ended, in words: stopping on the SIGTERM it was sent is a clean stop."""
    if status == -signal.SIGTERM:
        return "clean stop on SIGTERM"
    if status is not None and status < 0:
        return f"ended by {signal.Signals(-status).name}"
    return f"exit status {status}"


def stop_on_signals(event: threading.Event) -> Callable[[], None]:
    """Set ``event`` on SIGINT or SIGTERM; return a function that restores the handlers."""
    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    for sig in previous:
        signal.signal(sig, lambda *_: event.set())
    return lambda: [signal.signal(sig, handler) for sig, handler in previous.items()]


@dataclass
class Invocation:
    """The single request of ``--invoke``."""

    method: str = "GET"
    path: str = "/"
    data: bytes = b""
    event: Path | None = None  # an event function's event file (default: a trigger sample)


def open_session(
    project: Path, options: RunOptions, emit, python: str | None, resource: str | None
) -> Session:
    """A session for the project's function (its s.yaml read, its Python found)."""
    from fc_lifecycle.localrun.config import load
    from fc_lifecycle.localrun.instance import python_bin

    # Absolute: the instance starts in code/, where a relative project path means nothing.
    project = Path(project).absolute()
    function = load(project, resource)
    session = Session(function, python_bin(project, python), options, emit)
    if (function.code_dir / "python").is_dir():
        session.say(
            "code/python exists (dependencies for FC's platform, e.g. from s build): the instance"
            " imports them before the venv's; delete it if imports fail (make build uses build/)"
        )
    return session


def event_of(invocation: Invocation, function: Function) -> None:
    """Give an event function's invocation its event: ``--event FILE`` or a trigger sample."""
    from fc_lifecycle.errors import UserError

    if invocation.event is not None and not function.event:
        raise UserError("--event: only for an event function (no HTTP trigger)")
    if function.event and (invocation.event or not invocation.data):
        invocation.data = events.read_event(invocation.event, function)


def run_local(
    project: Path,
    options: RunOptions,
    emit: Callable[[str], None],
    *,
    invocation: Invocation | None = None,
    python: str | None = None,
    resource: str | None = None,
) -> tuple[Report, tuple[int, bytes] | None]:
    """Run the project's function locally; return the report and the invocation's answer."""
    session = open_session(project, options, emit, python, resource)
    if invocation is not None:
        event_of(invocation, session.function)
    answer = None
    stop_event = threading.Event()
    restore = stop_on_signals(stop_event) if invocation is None else (lambda: None)
    try:
        if session.start():
            if invocation is None:
                session.serve(stop_event)
            else:
                answer = session.invoke(invocation.method, invocation.path, invocation.data)
    finally:
        session.stop()
        restore()
    return session.report, answer
