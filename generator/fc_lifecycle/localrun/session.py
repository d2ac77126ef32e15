"""One local run: start the instance, initialize it, serve or invoke, pre-stop, stop."""

from __future__ import annotations

import http.client
import json
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from fc_lifecycle.i18n import _
from fc_lifecycle.localrun import billing, events, fc_answers, fc_calls
from fc_lifecycle.localrun.billing import InvocationReport
from fc_lifecycle.localrun.config import Function
from fc_lifecycle.localrun.fc_answers import Answer
from fc_lifecycle.localrun.fc_calls import ReportedStep
from fc_lifecycle.localrun.instance import PLACEHOLDER_CREDENTIALS, Instance
from fc_lifecycle.localrun.pool import Pool, PoolOptions, Slot, exit_text
from fc_lifecycle.localrun.proxy import TIMEOUTS, Proxy
from fc_lifecycle.localrun.stopper import Stopper
from fc_template import facts

__all__ = ["Invocation", "Report", "RunOptions", "Session", "exit_text", "masked", "run_local"]


@dataclass
class RunOptions(PoolOptions):
    """How to run: the instances' options, and what to do once the first is ready."""

    startup_limit: float = facts.STARTUP_LIMIT
    listen: tuple[str, int] = ("127.0.0.1", 8080)
    once: bool = False
    price_per_cu: float = billing.PRICE_PER_CU_USD


@dataclass
class Report:
    """What happened, step by step; ``ok`` when every step met FC's rules."""

    steps: list[ReportedStep] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    invocations: list[InvocationReport] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_json(self) -> str:
        """The report for tools."""
        return json.dumps(
            {
                "ok": self.ok,
                "steps": [asdict(step) for step in self.steps],
                "invocations": [invocation.to_dict() for invocation in self.invocations],
                "problems": self.problems,
            },
            indent=2,
        )


def masked(text: str) -> str:
    """Hide the placeholder credentials, like real ones, in anything shown."""
    for secret in PLACEHOLDER_CREDENTIALS.values():
        text = text.replace(secret, "***")
    return text


class Session:
    """Drives the function's instances through FC's lifecycle."""

    def __init__(
        self, function: Function, python_bin: Path, options: RunOptions, emit,
        stopper: Stopper | None = None,
    ):  # fmt: skip
        self.function = function
        self.options = options
        self.report = Report()
        self.stopper = stopper or Stopper()
        self.answer: tuple[int, bytes] | None = None
        self._emit = emit
        self.pool = Pool(
            function, options,
            lambda: Instance(function, python_bin, lambda line: emit(f"instance | {masked(line)}")),
            self.say, self.report.steps, self._fail,
        )  # fmt: skip

    def say(self, line: str) -> None:
        """A line of the runner's own."""
        self._emit(f"fc-lifecycle | {masked(line)}")

    def start(self) -> bool:
        """Start the first instance and run the Initializer by FC's rules; True when ready."""
        return self.pool.start_first()

    def stop(self) -> None:
        """Every instance: PreStop (if configured), then SIGTERM, SIGKILL after the grace."""
        self.pool.close()

    def serve(self) -> None:
        """Forward requests from ``options.listen`` until a stop is requested."""
        stopper = self.stopper
        proxy = Proxy(
            self.options.listen, self.function, self.pool, self.say, self.record,
            lambda: stopper.requested,
            on_request=self._after_request,
        )  # fmt: skip
        host, port = self.options.listen[0], proxy.server_port  # port 0: the one it got
        self.say(_("listening on %(url)s (Ctrl-C to stop)") % {"url": f"http://{host}:{port}"})
        threading.Thread(target=proxy.serve_forever, args=(0.1,), daemon=True).start()
        threading.Thread(target=self.pool.watch, args=(lambda: stopper.requested,),
                         daemon=True).start()  # fmt: skip
        while not stopper.wait(0.2):
            pass
        proxy.shutdown()
        proxy.server_close()

    def _after_request(self, status: int) -> None:
        if self.options.once:
            self.stopper.request("--once")

    def record(self, slot: Slot | None, rid: str, status: int, seconds: float) -> InvocationReport:
        """Report one invocation: its figures, in a line and in the JSON report."""
        # Billed from the duration as reported (0.1 ms), so the two never disagree: a
        # duration of 22.0 ms is billed 22 ms, not 23 for the 22.04 it was.
        duration_ms = round(seconds * 1000, 1)
        billed = billing.billed_ms(duration_ms)
        function = self.function
        report = InvocationReport(
            request_id=rid,
            instance=slot.instance.id if slot else "-",
            status=status,
            duration_ms=duration_ms,
            billed_ms=billed,
            peak_memory_mb=round(slot.peak / 2**20, 1) if slot else 0.0,
            cost_per_million_usd=round(billing.cost_per_million(
                billed, function.cpu, function.memory, self.options.price_per_cu), 4),
        )  # fmt: skip
        self.report.invocations.append(report)
        self.say(report.line())
        return report

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
        over = fc_answers.request_over_limits(path, [], len(data))
        got = over or self.pool.acquire(lambda: self.stopper.requested)
        slot = got if isinstance(got, Slot) else None
        begin = time.monotonic()  # the timeout and the bill count from here
        answer: Answer | None = None
        try:
            if isinstance(got, Slot):
                answer = self._send(got, method, path, data, headers, begin)
            else:
                answer = got
            seconds = time.monotonic() - begin
            if answer is None:
                return None
            result = (answer.status, answer.body)
            self.say(f"FC Invoke End RequestId: {rid} status={result[0]}")
            self.record(slot, rid, result[0], seconds)
        finally:
            if slot is not None:
                self.pool.release(slot)
        answer_headers = {key.lower(): value for key, value in answer.headers.items()}
        if self.function.event:
            problem = events.failure(result[0], answer_headers)
        else:
            problem = (
                _("invoke answered %(status)s") % {"status": result[0]}
                if result[0] >= 500
                else None
            )
        if "x-fc-error-type" in answer_headers and answer.headers.get("X-Fc-Error-Type"):
            problem = problem or _("FC would report %(type)s") % {
                "type": answer.headers["X-Fc-Error-Type"]
            }
        self.report.steps.append(ReportedStep("invoke", rid, result[0], seconds, problem is None))
        if problem:
            self._fail(problem)
        return result

    def _send(
        self, slot: Slot, method: str, path: str, data: bytes, headers: dict, begin: float
    ) -> fc_answers.Answer | None:
        connection = http.client.HTTPConnection(
            "127.0.0.1", slot.instance.port, timeout=self.function.timeout
        )
        try:
            connection.request(method, path, body=data or None, headers=headers)
            response = connection.getresponse()
            body = response.read()
            if self.pool.over_memory(slot):  # FC would have ended it before this answer
                took = (time.monotonic() - begin) * 1000
                return fc_answers.process_exited(took, slot.peak / 2**20)
            over = fc_answers.response_over_limits(response.getheaders())
            return over or fc_answers.Answer(response.status, body, dict(response.getheaders()))
        except TIMEOUTS:
            self.say(
                _("the request ran past the function's timeout (%(timeout)s s)")
                % {"timeout": self.function.timeout}
            )
            self.pool.timed_out(slot)
            return fc_answers.timed_out(self.function.timeout)
        except (OSError, http.client.HTTPException) as error:
            if slot.retired or not slot.instance.alive():
                took = (time.monotonic() - begin) * 1000
                return fc_answers.process_exited(took, slot.peak / 2**20)
            self._fail(_("invoke: the instance did not answer (%(error)s)") % {"error": error})
            return None
        finally:
            connection.close()

    def run(self, invocation: Invocation | None) -> None:
        """Start, then serve or invoke (in a worker thread: the main thread waits for
        a stop request)."""
        if not self.start():
            return
        if invocation is None:
            self.serve()
            return
        threading.Thread(target=self.pool.watch, args=(lambda: self.stopper.requested,),
                         daemon=True).start()  # fmt: skip
        self.answer = self.invoke(invocation.method, invocation.path, invocation.data)

    def _fail(self, problem: str) -> bool:
        self.report.problems.append(problem)
        self.say(problem)
        return False


@dataclass
class Invocation:
    """The single request of ``--invoke``."""

    method: str = "GET"
    path: str = "/"
    data: bytes = b""
    event: Path | None = None  # an event function's event file (default: a trigger sample)


def open_session(
    project: Path,
    options: RunOptions,
    emit,
    python: str | None,
    resource: str | None,
    stopper: Stopper | None = None,
) -> Session:
    """A session for the project's function (its s.yaml read, its Python found)."""
    from fc_lifecycle.localrun.config import load
    from fc_lifecycle.localrun.instance import python_bin

    # Absolute: the instance starts in code/, where a relative project path means nothing.
    project = Path(project).absolute()
    function = load(project, resource)
    interpreter = python_bin(project, python)
    session = Session(function, interpreter, options, emit, stopper)
    if python or not (project / ".venv" / "bin" / "python3").exists():
        # Not the project's own interpreter: say which one runs the code, so an import error
        # or another Python version is not a surprise.
        why = _("as --python says") if python else _("the project has no .venv; make run makes one")
        session.say(
            _("the code runs on %(python)s: %(why)s")
            % {"python": interpreter / "python3", "why": why}
        )
    if (function.code_dir / "python").is_dir():
        session.say(
            _(
                "code/python exists (dependencies for FC's platform, e.g. from s build): the"
                " instance imports them before the venv's; delete it if imports fail (make build"
                " uses build/)"
            )
        )
    return session


def event_of(invocation: Invocation, function: Function) -> None:
    """Give an event function's invocation its event: ``--event FILE`` or a trigger sample."""
    from fc_lifecycle.errors import UserError

    if invocation.event is not None and not function.event:
        raise UserError(_("--event: only for an event function (no HTTP trigger)"))
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
    stopper = Stopper()
    restore = stopper.install()  # first: a signal from now on is a stop request
    try:
        session = open_session(project, options, emit, python, resource, stopper)
        if invocation is not None:
            event_of(invocation, session.function)
        failures: list[BaseException] = []

        def work() -> None:
            try:
                session.run(invocation)
            except BaseException as error:  # re-raised below, once the instances are stopped
                failures.append(error)

        worker = threading.Thread(target=work, daemon=True)
        worker.start()
        while worker.is_alive() and not stopper.wait(0.2):
            pass
        if stopper.signal_name and stopper.signal_name != "--once":
            session.say(_("%(signal)s: stopping") % {"signal": stopper.signal_name})
        stopper.request()  # the worker stops serving
        worker.join(timeout=1.0)
        session.stop()
        worker.join(timeout=options.grace + 1)  # an instance it was still starting
        if failures:
            raise failures[0]
    finally:
        restore()
        stopper.close()
    return session.report, session.answer
