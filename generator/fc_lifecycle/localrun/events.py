"""Event functions run locally: the event ``run --invoke`` sends and FC's request for it.

FC sends an event function each event as ``POST /invoke`` with its common headers,
``x-fc-control-path: /invoke`` and ``Content-Type: application/octet-stream``; the answer
reports a failure with status 404 and ``x-fc-status: 404`` (docs/event-facts.md).
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from fc_lifecycle.errors import UserError
from fc_lifecycle.i18n import _
from fc_lifecycle.localrun.config import Function
from fc_lifecycle.localrun.fc_calls import fc_headers
from fc_template import facts

FAILED = "404"  # x-fc-status of a failed invocation


def headers(function: Function) -> dict[str, str]:
    """FC's headers on one event."""
    return fc_headers(function, facts.INVOKE_PATH) | {"Content-Type": "application/octet-stream"}


def read_event(path: Path | None, function: Function) -> bytes:
    """The event to send: the file's bytes, or a sample of the function's trigger."""
    if path is None:
        return json.dumps(sample(function), indent=2).encode()
    try:
        return Path(path).read_bytes()
    except OSError as error:
        raise UserError(
            _("--event %(path)s: cannot read it (%(reason)s)")
            % {"path": path, "reason": error.strerror or error}
        ) from None


def sample(function: Function) -> dict:
    """FC's event format for the function's trigger (timer, OSS), filled from s.yaml."""
    trigger = function.trigger
    config = trigger.get("triggerConfig") or {}
    name = str(trigger.get("triggerName", ""))
    now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    if trigger.get("triggerType") == "timer":
        return {"triggerTime": now, "triggerName": name, "payload": str(config.get("payload", ""))}
    if trigger.get("triggerType") == "oss":
        return _oss_event(str(trigger.get("sourceArn", "")), function.region, now)
    return {}


def failure(status: int, answer_headers: dict[str, str]) -> str | None:
    """Why FC would record this answer as a failed invocation, or None."""
    if answer_headers.get("x-fc-status") == FAILED or status == int(FAILED):
        return f"the event function failed (status {status}, x-fc-status {FAILED})"
    if status >= 300:
        return f"the event function answered {status}"
    return None


def _oss_event(source_arn: str, region: str, now: str) -> dict:
    bucket = source_arn.rsplit(":", 1)[-1] if source_arn else "my-bucket"
    bucket = bucket if "$" not in bucket else "my-bucket"
    return {
        "events": [
            {
                "eventName": "ObjectCreated:PutObject",
                "eventSource": "acs:oss",
                "eventTime": now,
                "eventVersion": "1.0",
                "oss": {
                    "bucket": {
                        "arn": f"acs:oss:{region}:1234567890:{bucket}",
                        "name": bucket,
                        "ownerIdentity": "1234567890",
                    },
                    "object": {
                        "deltaSize": 122539,
                        "eTag": "688A7BF4F233DC9C88A80BF985AB0000",
                        "key": "source/a.png",
                        "size": 122539,
                    },
                    "ossSchemaVersion": "1.0",
                    "ruleId": "9adac8e253828f4f7c0466d941fa3db811610000",
                },
                "region": region,
                "requestParameters": {"sourceIPAddress": "127.0.0.1"},
                "responseElements": {"requestId": "58F9FF2D3DF792092E120000"},
                "userIdentity": {"principalId": "1234567890"},
            }
        ]
    }
