"""FC's calls into an instance: the common headers, the Initializer and PreStop rules."""

from __future__ import annotations

import http.client
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from fc_lifecycle.i18n import _
from fc_lifecycle.localrun.config import Function, Hook
from fc_lifecycle.localrun.instance import PLACEHOLDER_CREDENTIALS
from fc_template import facts


@dataclass
class ReportedStep:
    """One lifecycle step as the report shows it."""

    name: str
    request_id: str
    status: int | None
    seconds: float
    ok: bool
    note: str = ""


def fc_headers(function: Function, control_path: str, request_id: str | None = None) -> dict:
    """FC's common request headers (placeholder credentials, a fresh request id)."""
    return {
        "x-fc-request-id": request_id or str(uuid.uuid4()),
        "x-fc-function-name": function.name,
        "x-fc-function-handler": "index.handler",
        "x-fc-function-memory": str(function.memory),
        "x-fc-function-timeout": str(function.timeout),
        "x-fc-region": function.region,
        "x-fc-account-id": "1234567890",
        "x-fc-qualifier": "LATEST",
        "x-fc-control-path": control_path,
        "x-fc-access-key-id": PLACEHOLDER_CREDENTIALS["ALIBABA_CLOUD_ACCESS_KEY_ID"],
        "x-fc-access-key-secret": PLACEHOLDER_CREDENTIALS["ALIBABA_CLOUD_ACCESS_KEY_SECRET"],
        "x-fc-security-token": PLACEHOLDER_CREDENTIALS["ALIBABA_CLOUD_SECURITY_TOKEN"],
    }


def call(port: int, method: str, path: str, headers: dict, timeout: float) -> int | None:
    """Send one hook call; return its status, or None on timeout or a dropped connection."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status
    except (OSError, http.client.HTTPException):
        return None
    finally:
        connection.close()


def initialize(
    function: Function,
    hook: Hook,
    port: int,
    say: Callable[[str], None],
    attempts: int,
    backoff: float,
) -> tuple[ReportedStep, bool]:
    """Call ``POST /initialize`` by FC's rules; return (last step, restart wanted).

    2xx: ready. 400/404 and other 4xx, or a timeout: failed, retried with a doubling
    backoff, ``attempts`` times in all (FC retries without end). 5xx: FC restarts the
    instance, so the caller restarts it.
    """
    delay = backoff
    for attempt in range(1, attempts + 1):
        step = _hook_step(function, port, facts.HOOKS["initializer"], hook.timeout)
        say(
            _("initialize attempt %(n)s: %(outcome)s RequestId: %(rid)s")
            % {"n": attempt, "outcome": _outcome(step), "rid": step.request_id}
        )
        if step.ok or (step.status or 0) >= 500:
            return step, not step.ok
        if attempt < attempts:
            say(_("initialize failed; FC retries, trying again in %(delay)g s") % {"delay": delay})
            time.sleep(delay)
            delay *= 2
    return step, False


def pre_stop(function: Function, hook: Hook, port: int, say: Callable[[str], None]) -> ReportedStep:
    """Call ``GET /pre-stop`` under its timeout; a failure does not stop the shutdown."""
    step = _hook_step(function, port, facts.HOOKS["pre_stop"], hook.timeout)
    say(
        _("pre-stop: %(outcome)s RequestId: %(rid)s")
        % {"outcome": _outcome(step), "rid": step.request_id}
    )
    return step


def _hook_step(
    function: Function, port: int, hook: facts.LifecycleHook, timeout: float
) -> ReportedStep:
    name = hook.path.lstrip("/")
    headers = fc_headers(function, hook.path)
    begin = time.monotonic()
    status = call(port, hook.method, hook.path, headers, timeout)
    seconds = time.monotonic() - begin
    note = "" if status is not None else _("no answer within %(timeout)g s") % {"timeout": timeout}
    ok = status is not None and 200 <= status < 300
    return ReportedStep(name, headers["x-fc-request-id"], status, seconds, ok, note)


def _outcome(step: ReportedStep) -> str:
    if step.status is None:
        return _("failed, %(note)s") % {"note": step.note}
    return _("%(status)s in %(ms).0f ms") % {"status": step.status, "ms": step.seconds * 1000}
