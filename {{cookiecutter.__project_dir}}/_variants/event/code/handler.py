"""Your event function: FC calls ``handle`` once per event.
{% if cookiecutter.trigger == "timer" %}
A timer trigger (``{{ cookiecutter.timer_cron }}``, UTC) sends
``{"triggerTime": "...", "triggerName": "...", "payload": "..."}``.
{%- elif cookiecutter.trigger == "oss" %}
The OSS trigger on bucket ``{{ cookiecutter.oss_bucket }}`` sends ``{"events": [...]}``, one
entry per changed object (``event["events"][0]["oss"]["object"]["key"]``).
{%- else %}
Events come from the SDK's ``InvokeFunction`` (or a trigger you add to s.yaml).
{%- endif %}

``event`` is the parsed JSON when the body is JSON, else the raw ``bytes``. ``context``
has ``request_id``, ``function_name``, ``region``, ``instance_id``, ``credentials`` (the
role's; never log them) and ``state`` (what ``initialize`` in lifecycle.py prepared).
Return a dict or list (sent as JSON), a str, bytes or None. Raise to fail the invocation:
FC records it as failed (404, ``x-fc-status: 404``); the traceback goes to the log.
"""

from __future__ import annotations

from typing import Any

from fc_support.events import EventContext


def handle(event: Any, context: EventContext) -> Any:
    """Handle one event and return the invocation's result."""
{%- if cookiecutter.trigger == "timer" %}
    return {
        "triggered": event["triggerName"],
        "at": event["triggerTime"],
        "payload": event.get("payload", ""),
    }
{%- elif cookiecutter.trigger == "oss" %}
    keys = [entry["oss"]["object"]["key"] for entry in event["events"]]
    return {"objects": keys}
{%- else %}
    if isinstance(event, bytes):
        return {"received_bytes": len(event)}
    return {"received": event}
{%- endif %}
