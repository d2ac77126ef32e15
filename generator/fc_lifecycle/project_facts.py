"""What a project is, read from facts rather than from strings in its code.

The function's type comes from the answers the project was generated with (its answers
file), or, without one, from ``s.yaml``: an HTTP function has an HTTP trigger, an event
function only other triggers. The lifecycle hooks the code serves are the functions
``initialize`` and ``pre_stop`` that ``code/lifecycle.py`` defines (``def`` or ``async
def``), found by parsing it: ``fc_support`` serves exactly those. A word in a route, a
comment or a string changes neither.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

from fc_template import facts

ANSWERS_FILE = ".fc-lifecycle.json"
FUNCTION_TYPES = ("http", "event")


def recorded_function_type(project: Path) -> str | None:
    """The ``function_type`` in the project's answers file, or None when it has no readable
    one (a project not made by fc-lifecycle, or a damaged file: ``update`` reports those)."""
    try:
        record = json.loads((project / ANSWERS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    answers = record.get("answers") if isinstance(record, dict) else None
    kind = answers.get("function_type", "http") if isinstance(answers, dict) else None
    return kind if kind in FUNCTION_TYPES else None


def has_http_trigger(props: dict) -> bool:
    """Whether the function's props give it an HTTP trigger."""
    triggers = props.get("triggers")
    return any(
        isinstance(trigger, dict) and trigger.get("triggerType") == "http"
        for trigger in (triggers if isinstance(triggers, list) else [])
    )


def function_type(project: Path, props: dict) -> str:
    """``"event"`` or ``"http"``: the recorded answer, else what the triggers say: an HTTP
    trigger makes an HTTP function, only other triggers an event function. A function with
    no trigger at all and no answers file could be either (InvokeFunction, a custom
    domain): it is taken for what FC's custom runtime serves first, an HTTP function."""
    recorded = recorded_function_type(project)
    if recorded is not None:
        return recorded
    triggers = props.get("triggers")
    if has_http_trigger(props) or not (isinstance(triggers, list) and triggers):
        return "http"
    return "event"


def served_hooks(code_dir: Path) -> set[str] | None:
    """The hook paths (``/initialize``, ``/pre-stop``) the code serves: the hook functions
    ``code/lifecycle.py`` defines, when ``fc_support`` serves them. None when the code has no
    ``fc_support`` (not fc-lifecycle's plumbing: what it serves is unknown)."""
    if not (code_dir / "fc_support").is_dir():
        return None
    source = code_dir / "lifecycle.py"
    try:
        tree = ast.parse(source.read_text(encoding="utf-8", errors="replace"))
    except (OSError, SyntaxError, ValueError):
        return set()
    defined = {
        node.name for node in tree.body if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
    }
    return {hook.path for hook in facts.HOOKS.values() if _function_of(hook.path) in defined}


def _function_of(path: str) -> str:
    """The function ``code/lifecycle.py`` defines for a hook path: ``/pre-stop`` → pre_stop."""
    return path.lstrip("/").replace("-", "_")
