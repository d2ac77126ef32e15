"""What FC's configuration tells the instance: its port, concurrency and timeout.

``s.yaml`` is the one source: ``bootstrap``'s server reads these variables at start, and
``s.yaml`` sets them next to the values FC itself enforces (``fc-lifecycle validate``
reports a mismatch, ``fc-lifecycle run`` passes them on as FC does). Started without them
(``./bootstrap`` by hand, the project's tests), the server reads the same lines from the
project's ``s.yaml``; nothing here is written at generation, so this package is the same
in every project.
"""

from __future__ import annotations

import os
import re

# FC's documented default port, when neither variable names one.
DEFAULT_PORT = 9000
# The project's s.yaml, beside ``code/`` (absent on FC, which sets every variable itself).
_CODE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
S_YAML = os.path.join(os.path.dirname(_CODE), "s.yaml")
# FC's own defaults for instanceConcurrency and timeout, when s.yaml is not at hand either.
FC_DEFAULTS = {"INSTANCE_CONCURRENCY": 1, "FUNCTION_TIMEOUT": 3}
# FC refuses a synchronous request body over 32 MB before it reaches the instance; the
# servers refuse one too (413), so a client reaching the port directly cannot send more.
MAX_REQUEST_BODY = 32 * 1024 * 1024


def listen_port() -> int:
    """The port FC asks for: FC_CUSTOM_LISTEN_PORT, then FC_SERVER_PORT, then 9000."""
    return _number("FC_CUSTOM_LISTEN_PORT", "FC_SERVER_PORT", default=DEFAULT_PORT)


def concurrency() -> int:
    """How many requests FC sends the instance at once (``instanceConcurrency``)."""
    return _number("INSTANCE_CONCURRENCY", default=_from_s_yaml("INSTANCE_CONCURRENCY"))


def timeout() -> int:
    """How long FC lets one request run, in seconds (``timeout``)."""
    return _number("FUNCTION_TIMEOUT", default=_from_s_yaml("FUNCTION_TIMEOUT"))


def _number(*names: str, default: int) -> int:
    for name in names:
        value = os.environ.get(name, "")
        if value.isdigit() and int(value) > 0:
            return int(value)
    return default


def _from_s_yaml(name: str) -> int:
    """The value ``s.yaml`` gives the variable ``name`` (``NAME: "20"``), else FC's default.

    A line match, not a YAML parser: the stdlib server has no dependencies, and this is read
    only off FC, where ``s.yaml`` is the file the template wrote (and the user edits).
    """
    try:
        with open(S_YAML, encoding="utf-8") as handle:
            text = handle.read()
    except OSError:
        return FC_DEFAULTS[name]
    found = re.search(rf"^\s*{name}:\s*[\"']?([1-9][0-9]*)[\"']?\s*$", text, re.MULTILINE)
    return int(found.group(1)) if found else FC_DEFAULTS[name]
