"""The function's instances as FC runs them: started on demand, frozen between calls,
reclaimed when idle, ended when over memory, scaled out when all are busy."""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from fc_lifecycle.i18n import _
from fc_lifecycle.localrun import fc_answers, fc_calls
from fc_lifecycle.localrun.config import Function
from fc_lifecycle.localrun.fc_answers import Answer
from fc_lifecycle.localrun.fc_calls import ReportedStep
from fc_lifecycle.localrun.instance import Instance, InstanceError

MB = 1024 * 1024
WATCH_EVERY = 0.1  # seconds between two looks at the instances' memory and idle time
TREE_EVERY = 10  # looks between two searches for the instances' new processes


@dataclass
class PoolOptions:
    """How the instances are run (see ``fc-lifecycle run --help``)."""

    startup_limit: float = 120.0
    grace: float = 10.0
    init_attempts: int = 5
    init_backoff: float = 0.5
    restarts: int = 2
    freeze: bool = False
    freeze_hooks: bool = True
    idle: float | None = None
    max_instances: int = 1
    on_timeout: str = "restart"


@dataclass
class Slot:
    """One instance and what the pool knows about it."""

    instance: Instance
    inflight: int = 0
    frozen: bool = False
    pre_stopped: bool = False  # PreStop ran and no Initializer since
    retired: bool = False  # takes no more requests
    stopped: bool = False  # PreStop and stop done
    last_used: float = field(default_factory=time.monotonic)
    peak: int = 0  # bytes
    over_limit: bool = False  # found over memorySize: ended (or being ended) as FC does
    lock: threading.Lock = field(default_factory=threading.Lock)

    def sample(self) -> int:
        """Measure the instance's memory now; keep the peak."""
        used = self.instance.memory()
        self.peak = max(self.peak, used)
        return used


def exit_text(status: int | None) -> str:
    """How the instance ended, in words: stopping on the SIGTERM it was sent is a clean stop."""
    if status == -signal.SIGTERM:
        return _("clean stop on SIGTERM")
    if status is not None and status < 0:
        return _("ended by %(signal)s") % {"signal": signal.Signals(-status).name}
    return _("exit status %(status)s") % {"status": status}


class Pool:
    """Hands out instances to requests, never more than instanceConcurrency each."""

    def __init__(
        self,
        function: Function,
        options: PoolOptions,
        new_instance: Callable[[], Instance],
        say: Callable[[str], None],
        steps: list[ReportedStep],
        fail: Callable[[str], object],
    ) -> None:
        self.function = function
        self.options = options
        self.new_instance = new_instance
        self.say = say
        self.steps = steps
        self.fail = fail
        self.slots: list[Slot] = []
        self.booting: list[Instance] = []
        self.closed = False
        self.cond = threading.Condition()

    # -- starting -------------------------------------------------------------------

    def start_first(self) -> bool:
        """Start the first instance before any request, FC's retries included."""
        slot = Slot(self.new_instance())
        with self.cond:
            self.booting.append(slot.instance)
        ok, why, _failed = self._boot(
            slot.instance, self.options.init_attempts, self.options.restarts
        )
        with self.cond:
            self.booting.remove(slot.instance)
            slot.last_used = time.monotonic()  # idle from when it is ready
            self.slots.append(slot)  # even when it failed: it is stopped properly at the end
        return ok or bool(self.fail(why))

    def _boot(self, instance: Instance, attempts: int, restarts: int) -> tuple[bool, str, bool]:
        """Start ``instance`` (the caller counts it in ``booting``) and run the
        Initializer; return (ready, why not, the Initializer failed)."""
        for _attempt in range(restarts + 1):
            try:
                seconds = instance.start(self.options.startup_limit, lambda: self.closed)
            except InstanceError as error:
                return False, str(error), False
            self.say(
                _("instance %(id)s answers HTTP on port %(port)s after %(seconds).2f s")
                % {"id": instance.id, "port": instance.port, "seconds": seconds}
            )
            if self.function.initializer is None:
                return True, "", False
            step, restart = fc_calls.initialize(
                self.function, self.function.initializer, instance.port, self.say, attempts,
                self.options.init_backoff,
            )  # fmt: skip
            self.steps.append(step)
            if step.ok:
                return True, "", False
            if not restart or self.closed:
                return False, _("initialize never succeeded"), True
            self.say(_("initialize answered 5xx: FC restarts the instance"))
            instance.stop(self.options.grace)
        return False, _("initialize kept failing after restarts"), True

    # -- requests -------------------------------------------------------------------

    def acquire(self, stopping: Callable[[], bool]) -> Slot | Answer:
        """An instance with room for one more request (waiting for one, starting one, or
        thawing one); or FC's answer when none can take it."""
        with self.cond:
            while True:
                if stopping() or self.closed:
                    return fc_answers.error(503, "FcCommonError", "the runner is stopping")
                slot = next(
                    (s for s in self.slots
                     if not s.retired and s.inflight < self.function.concurrency),
                    None,
                )  # fmt: skip
                if slot is not None:
                    slot.inflight += 1
                    break
                if len(self.live()) + len(self.booting) < self.options.max_instances:
                    self.booting.append(placeholder := self.new_instance())
                    break
                self.cond.wait(WATCH_EVERY)
        if slot is None:
            return self._cold_start(placeholder)
        answer = self._thaw(slot)
        return slot if answer is None else answer

    def release(self, slot: Slot) -> None:
        """The request on ``slot`` is answered; freeze the instance when it holds none."""
        with self.cond:
            slot.inflight -= 1
            slot.last_used = time.monotonic()
            self.cond.notify_all()
        if self.options.freeze and slot.inflight == 0:
            self._freeze(slot)

    def timed_out(self, slot: Slot) -> None:
        """A request on ``slot`` ran past the function's timeout."""
        if self.options.on_timeout == "restart" and self._retire(slot):
            slot.instance.kill()
            self.say(
                _(
                    "instance %(id)s stopped after the timeout (--on-timeout restart); the"
                    " next request starts a new instance"
                )
                % {"id": slot.instance.id}
            )

    def live(self) -> list[Slot]:
        """The instances taking requests."""
        return [slot for slot in self.slots if not slot.retired]

    def _cold_start(self, instance: Instance) -> Slot | Answer:
        with self.cond:
            busy = len(self.live())
        self.say(
            _("cold start: %(busy)s instance(s) each hold instanceConcurrency"
              " (%(concurrency)s) requests")
            % {"busy": busy, "concurrency": self.function.concurrency} if busy
            else _("cold start: no instance is running")
        )  # fmt: skip
        slot = Slot(instance, inflight=1)
        ok, why, init_failed = self._boot(instance, 1, 0)
        with self.cond:
            self.booting.remove(instance)  # and into slots at once: never over max_instances
            if ok and not self.closed:
                slot.last_used = time.monotonic()
                self.slots.append(slot)
            self.cond.notify_all()
        if ok and not self.closed:
            return slot
        instance.stop(self.options.grace)  # FC destroys an instance whose Initializer failed
        if self.closed:
            return fc_answers.error(503, "FcCommonError", "the runner is stopping")
        self.fail(f"cold start: {why}")
        if init_failed:
            return fc_answers.initialization_error(why)
        return fc_answers.error(502, "UnhandledInvocationError", why)

    def _thaw(self, slot: Slot) -> Answer | None:
        with slot.lock:
            if slot.frozen:
                slot.instance.thaw()
                slot.frozen = False
                self.say(_("instance %(id)s thawed (SIGCONT)") % {"id": slot.instance.id})
            if not slot.pre_stopped:
                return None
            slot.pre_stopped = False
            if self.function.initializer is None:
                return None
            step, _restart = fc_calls.initialize(
                self.function, self.function.initializer, slot.instance.port, self.say, 1, 0
            )
            self.steps.append(step)
            if step.ok:
                return None
        why = f"answered {step.status}" if step.status else step.note
        self.fail(f"initialize on thaw failed ({why})")
        self._retire(slot)
        slot.instance.stop(self.options.grace)
        return fc_answers.initialization_error(why)

    def _freeze(self, slot: Slot) -> None:
        with slot.lock:
            if slot.inflight or slot.frozen or slot.retired or not slot.instance.alive():
                return
            hook = self.function.pre_stop
            if self.options.freeze_hooks and hook and not slot.pre_stopped:
                self.steps.append(
                    fc_calls.pre_stop(self.function, hook, slot.instance.port, self.say)
                )
                slot.pre_stopped = True
                if slot.inflight:  # a request came during PreStop: it re-initializes
                    return
            slot.instance.freeze()
            slot.frozen = True
        self.say(
            _("instance %(id)s frozen (SIGSTOP) until the next request") % {"id": slot.instance.id}
        )

    def _retire(self, slot: Slot) -> bool:
        """Take ``slot`` out of service; False when it already was."""
        with self.cond:
            if slot.retired:
                return False
            slot.retired = True
            self.cond.notify_all()
            return True

    # -- watching -------------------------------------------------------------------

    def watch(self, stopping: Callable[[], bool]) -> None:
        """Until ``stopping``: end instances over memory, reclaim idle ones, notice
        instances that exited."""
        looks = 0
        while not stopping() and not self.closed:
            looks += 1
            for slot in self.live():
                if looks % TREE_EVERY == 0:
                    slot.instance.tree()
                if not slot.instance.alive():
                    if self._retire(slot):
                        code = slot.instance.returncode
                        self.fail(f"instance {slot.instance.id} exited ({exit_text(code)})")
                    continue
                if self.over_memory(slot):
                    continue
                if self._retire_if_idle(slot):
                    threading.Thread(target=self._reclaim, args=(slot,), daemon=True).start()
            time.sleep(WATCH_EVERY)

    def over_memory(self, slot: Slot) -> bool:
        """Measure ``slot``; over memorySize, end the instance as FC does and say so.

        The watcher and a request's relay both ask. Once one finds the instance over, the
        other's answer is yes too, even if it measures after the kill (a dead process
        measures 0): a request must not get the answer of an instance FC ended.
        """
        limit = self.function.memory * MB
        used = slot.sample()
        if used <= limit:
            return slot.over_limit  # read after measuring: it is set before the kill
        slot.over_limit = True
        if not self._retire(slot):
            return True
        slot.instance.kill()
        self.fail(
            f"instance {slot.instance.id} ended: its memory ({used / MB:.0f} MB) went over"
            f" memorySize {self.function.memory} MB by {(used - limit) / MB:.0f} MB, as FC ends it"
        )
        return True

    def _retire_if_idle(self, slot: Slot) -> bool:
        """Take ``slot`` out of service if it was idle for ``--idle``: checked and done
        under the pool's lock, so no request is handed to it meanwhile."""
        idle = self.options.idle
        with self.cond:
            if idle is None or slot.retired or slot.inflight:
                return False
            if time.monotonic() - slot.last_used < idle:
                return False
            slot.retired = True
            return True

    def _reclaim(self, slot: Slot) -> None:
        self.say(
            _(
                "instance %(id)s idle for %(idle)g s: FC reclaims it (PreStop, then stop); the"
                " next request is a cold start"
            )
            % {"id": slot.instance.id, "idle": self.options.idle}
        )
        self.stop_slot(slot)

    # -- stopping -------------------------------------------------------------------

    def stop_slot(self, slot: Slot) -> None:
        """PreStop (unless it ran since the last Initializer), then stop the process tree."""
        with slot.lock:
            if slot.stopped:  # reclaimed while the runner was stopping
                return
            slot.stopped = True
            if slot.frozen:
                slot.instance.thaw()
                slot.frozen = False
            instance = slot.instance
            if self.function.pre_stop is not None and instance.alive() and not slot.pre_stopped:
                step = fc_calls.pre_stop(
                    self.function, self.function.pre_stop, instance.port, self.say
                )
                self.steps.append(step)
                slot.pre_stopped = True
                if not step.ok:
                    self.fail(_("pre-stop: %(outcome)s") % {"outcome": step.status or step.note})
            status, killed = instance.stop(self.options.grace)
        note = _("killed after the grace period") if killed else ""
        self.steps.append(ReportedStep("stop", "", status, 0.0, not killed, note))
        if killed:
            self.fail(
                _("the instance ignored SIGTERM; killed after %(grace)g s")
                % {"grace": self.options.grace}
            )
        else:
            self.say(_("instance stopped (%(how)s)") % {"how": exit_text(status)})
        if instance.leftovers:
            self.say(
                _("killed %(n)s process(es) the instance left running") % {"n": instance.leftovers}
            )

    def close(self) -> None:
        """Stop every instance (in parallel, so the whole stop fits one grace period)."""
        with self.cond:
            self.closed = True
            slots = [slot for slot in self.slots if not slot.retired or slot.instance.alive()]
            booting = list(self.booting)
            for slot in slots:
                slot.retired = True
            self.cond.notify_all()
        threads = [threading.Thread(target=self.stop_slot, args=(slot,)) for slot in slots]
        threads += [
            threading.Thread(target=instance.stop, args=(self.options.grace,))
            for instance in booting
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
