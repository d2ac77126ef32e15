"""Function Compute 3.0 facts the template, ``validate`` and the local runner rely on.

One table, standard library only, so a cookiecutter hook can import it without the
fc-lifecycle package installed. Each value cites where it comes from (see the project's
notes on FC: the custom-runtime, lifecycle-hook and limits pages, and the fc3 schema).
The numbers live here only: the answer rules (``fc_template/rules.py``) read a numeric
question's range through ``answer_range`` (``cookiecutter.json``'s ``_rules`` names the fact,
e.g. ``{"range": "memorySize"}``), and the template reads the port as ``{{ fc_facts.PORT }}``
(``fc_template/cookiecutter_ext.py``). Our s.yaml schema is data too; tests/test_facts.py
checks that it agrees with ``RANGES``, and that the wizard's labels name these ranges.
"""

from __future__ import annotations

from typing import Any, NamedTuple


def N_(message: str) -> str:  # noqa: N802 (gettext's marker: fc-lifecycle's catalog has it)
    """Mark a text for fc-lifecycle's message catalog; the hooks print it as it is."""
    return message


# Custom runtime: "HTTP Server的默认端口是9000" (customRuntimeConfig.port, default 9000).
PORT = 9000
# The variables an instance reads its port from, first match wins. FC_CUSTOM_LISTEN_PORT is
# the documented FC 3.0 one; FC_SERVER_PORT is set by the fc3 local emulator.
PORT_ENV = ("FC_CUSTOM_LISTEN_PORT", "FC_SERVER_PORT")
# The command FC runs when customRuntimeConfig.command is not set.
BOOTSTRAP = "/code/bootstrap"
# What FC waits for an instance to answer HTTP before it gives up, in seconds.
STARTUP_LIMIT = 120.0


class LifecycleHook(NamedTuple):
    """A lifecycle hook: its s.yaml key, the HTTP call FC makes, and its timeout limit."""

    key: str
    method: str
    path: str
    max_timeout: int


# The custom-runtime hook page: "POST /initialize" and "GET /pre-stop"; the limits page:
# Initializer at most 300 s (not adjustable), PreStop at most 90 s.
HOOKS = {
    "initializer": LifecycleHook("initializer", "POST", "/initialize", 300),
    "pre_stop": LifecycleHook("preStop", "GET", "/pre-stop", 90),
}


class Range(NamedTuple):
    """An inclusive range of whole numbers, optionally a multiple of ``step``."""

    low: int
    high: int
    step: int = 1

    def __contains__(self, value: object) -> bool:
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            return False
        return self.low <= value <= self.high and value % self.step == 0


# The limits page and the fc3 schema, keyed by s.yaml property.
RANGES = {
    "memorySize": Range(128, 32768, 64),
    "timeout": Range(1, 86400),
    "instanceConcurrency": Range(1, 200),
}


def answer_range(key: str) -> Range:
    """The range of whole numbers an answer may take: ``key`` is an s.yaml property of
    ``RANGES`` (``memorySize``) or a lifecycle hook of ``HOOKS`` (its timeout, from 1 s).

    Raises:
        KeyError: ``key`` names neither.
    """
    if key in HOOKS:
        return Range(1, HOOKS[key].max_timeout)
    return RANGES[key]


# The CPU rule of CreateFunction: a multiple of 0.05 vCPU in 0.05-16, and cpu to memory in
# GB between 1:1 and 1:4.
CPU_STEP = 0.05
CPU_RANGE = (0.05, 16)
GB_PER_CPU = (1.0, 4.0)
# environmentVariables: 4 KB in all; FC_ names are FC's own.
# A timer trigger's cronExpression (docs/event-facts.md): six fields, "Seconds Minutes Hours
# Day-of-month Month Day-of-week", in UTC, or "@every Nm". cookiecutter.json's timer_cron
# rule has the same pattern (a test keeps them equal).
TIMER_CRON = r"^\s*(?:@every\s+[1-9][0-9]*m|[0-9A-Za-z*?,/-]+(?:\s+[0-9A-Za-z*?,/-]+){5})\s*$"
TIMER_CRON_RULE = N_(
    "must be FC's 6-field cron 'Seconds Minutes Hours Day-of-month Month Day-of-week' (UTC),"
    " e.g. '0 0 4 * * *', or '@every Nm'"
)
# An event function serves this path (FC's x-fc-control-path of an InvokeFunction call).
INVOKE_PATH = "/invoke"

ENV_LIMIT = 4096
ENV_RESERVED_PREFIX = "FC_"


def cpu_for(memory_mb: int) -> float:
    """The CPU a function of ``memory_mb`` gets: 1 vCPU per 2 GB, on the 0.05 step, in range.

    The template's ``__cpu`` is this, as the Jinja filter ``fc_cpu``
    (``fc_template.cookiecutter_ext``).
    """
    low, high = CPU_RANGE
    per_step = round(1 / CPU_STEP)  # 20: dividing by it is exact where * 0.05 is not
    return max(low, min(high, round(memory_mb / 2048 * per_step) / per_step))


def cpu_problem(cpu: float, memory_mb: float | None, translate: Any = None) -> str | None:
    """Why ``cpu`` (with ``memory_mb``) breaks FC's rule, or None when it is fine; the
    sentence passed through ``translate`` (fc-lifecycle's gettext) when given."""
    tr = translate or (lambda text: text)
    if abs(cpu / CPU_STEP - round(cpu / CPU_STEP)) > 1e-6:
        return tr(N_("must be a multiple of %(step)s vCPU (got %(cpu)s)")) % {
            "step": CPU_STEP,
            "cpu": cpu,
        }
    if memory_mb is not None and cpu > 0:
        low, high = GB_PER_CPU
        if not low <= (memory_mb / 1024) / cpu <= high:
            ratio = f"{cpu} vCPU : {memory_mb / 1024:g} GB"
            return tr(N_("cpu to memory must be 1:%(low)s to 1:%(high)s (got %(ratio)s)")) % {
                "low": f"{low:g}",
                "high": f"{high:g}",
                "ratio": ratio,
            }
    return None
