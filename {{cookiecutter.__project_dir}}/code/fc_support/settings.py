"""What FC's configuration tells the instance: its port, concurrency and timeout.

``s.yaml`` is the one source: ``bootstrap``'s server reads these variables at start, and
``s.yaml`` sets them next to the values FC itself enforces (``fc-lifecycle validate``
reports a mismatch, ``fc-lifecycle run`` passes them on as FC does).
"""

from __future__ import annotations

import os

DEFAULT_PORT = {{ fc_facts.PORT }}
# FC refuses a synchronous request body over 32 MB before it reaches the instance; the
# servers refuse one too (413), so a client reaching the port directly cannot send more.
MAX_REQUEST_BODY = 32 * 1024 * 1024


def listen_port() -> int:
    """The port FC asks for: FC_CUSTOM_LISTEN_PORT, then FC_SERVER_PORT, then 9000."""
    return _number("FC_CUSTOM_LISTEN_PORT", "FC_SERVER_PORT", default=DEFAULT_PORT)


def concurrency() -> int:
    """How many requests FC sends the instance at once (``instanceConcurrency``)."""
    return _number("INSTANCE_CONCURRENCY", default={{ cookiecutter.instance_concurrency }})


def timeout() -> int:
    """How long FC lets one request run, in seconds (``timeout``)."""
    return _number("FUNCTION_TIMEOUT", default={{ cookiecutter.timeout }})


def _number(*names: str, default: int) -> int:
    for name in names:
        value = os.environ.get(name, "")
        if value.isdigit() and int(value) > 0:
            return int(value)
    return default
