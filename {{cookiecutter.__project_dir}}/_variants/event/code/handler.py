{% import "text/" ~ cookiecutter.language ~ "/code.j2" as text with context %}"""{{ text.handler }}"""

from __future__ import annotations

from typing import Any

from fc_support.events import EventContext


def handle(event: Any, context: EventContext) -> Any:
    """{{ text.handler_handle }}"""
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
