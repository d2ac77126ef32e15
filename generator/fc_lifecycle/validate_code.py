"""What a project's code does, for ``validate``: its bootstrap, its port, the lifecycle routes
it serves; and where that disagrees with the function's ``s.yaml`` props.

The code is parsed, not searched: a route in a comment or a docstring does not count.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from fc_template import facts


def code_agreement(props: dict, code_dir: Path) -> list[tuple[tuple, str]]:
    """Where a function's props and its code disagree, as (path under props, message): the
    bootstrap FC runs, the port it listens on, the lifecycle routes configured and served."""
    found = []
    runtime_config = props.get("customRuntimeConfig") or {}
    command = runtime_config.get("command") or [facts.BOOTSTRAP]
    bootstrap = code_dir / "bootstrap"
    if command[:1] in ([facts.BOOTSTRAP], ["bootstrap"], ["./bootstrap"]):
        found += [(("customRuntimeConfig", "command"), m) for m in bootstrap_problems(bootstrap)]
    if bootstrap.is_file():
        default = re.findall(r":-(\d+)\}", bootstrap.read_text(errors="replace"))
        port = runtime_config.get("port", facts.PORT)
        if default and int(default[-1]) != port:
            message = f"port {port} but code/bootstrap listens on {default[-1]} by default"
            found.append((("customRuntimeConfig", "port"), message))
    served = served_routes(code_dir)
    if facts.INVOKE_PATH in served:
        found += _http_triggers_of_an_event_function(props)
    hooks = props.get("instanceLifecycleConfig") or {}
    for hook in facts.HOOKS.values():
        entry = hooks.get(hook.key) if isinstance(hooks, dict) else None
        configured = isinstance(entry, dict) and bool(entry.get("handler") or entry.get("command"))
        call = f"{hook.method} {hook.path}"
        if configured and hook.path not in served:
            message = f"configured, but no code in {code_dir.name}/ serves {call}"
            found.append((("instanceLifecycleConfig", hook.key), message))
        elif hook.path in served and not configured:
            message = f"code serves {call} but {hook.key} is not configured: FC never calls it"
            found.append((("instanceLifecycleConfig",), message))
    return found


def _http_triggers_of_an_event_function(props: dict) -> list[tuple[tuple, str]]:
    message = (
        "an HTTP trigger on an event function (its code serves POST /invoke): FC passes HTTP"
        " requests through as they are; use a timer, OSS or other event trigger"
    )
    triggers = props.get("triggers")
    return [
        (("triggers", i, "triggerType"), message)
        for i, trigger in enumerate(triggers if isinstance(triggers, list) else [])
        if isinstance(trigger, dict) and trigger.get("triggerType") == "http"
    ]


def bootstrap_problems(bootstrap: Path) -> list[str]:
    if not bootstrap.is_file():
        return ["code/bootstrap does not exist (FC: 'the file /code/bootstrap is not exist')"]
    data = bootstrap.read_bytes()
    problems = []
    if not bootstrap.stat().st_mode & 0o111:
        problems.append("code/bootstrap is not executable (FC needs mode 755: CAFilePermission)")
    if not data.startswith(b"#!"):
        problems.append("code/bootstrap does not start with #! (FC: exec format error)")
    if b"\r\n" in data:
        problems.append("code/bootstrap has CRLF line endings; FC needs LF")
    return problems


def served_routes(code_dir: Path) -> set[str]:
    """Lifecycle paths (and ``/invoke``, an event function's) the project's own code serves:
    named as string literals (a route), or, in ``code/lifecycle.py``, defined as the hook
    function that ``fc_support`` serves.

    The code is parsed, not searched: a route in a comment or a docstring does not count.
    """
    served = set()
    for source in code_dir.rglob("*.py"):
        relative = source.relative_to(code_dir).parts
        if relative[0] in ("python", "fc_support") or source.name == "fc_support.py":
            continue
        tree = _parse(source.read_text(errors="replace"))
        if relative == ("lifecycle.py",):
            served |= {path for path in _hook_paths() if _hook_function(path) in _defined(tree)}
        else:
            served |= _route_literals(tree) & (_hook_paths() | {facts.INVOKE_PATH})
    return served


def _parse(code: str) -> ast.Module:
    try:
        return ast.parse(code)
    except (SyntaxError, ValueError):
        return ast.Module(body=[], type_ignores=[])


def _hook_function(path: str) -> str:
    """The function ``code/lifecycle.py`` defines for a hook path: ``/pre-stop`` → pre_stop."""
    return path.lstrip("/").replace("-", "_")


def _defined(tree: ast.Module) -> set[str]:
    return {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}


def _hook_paths() -> set[str]:
    return {hook.path for hook in facts.HOOKS.values()}


def _route_literals(tree: ast.Module) -> set[str]:
    """Every string constant of ``tree`` outside docstrings, with a leading ``/`` ensured."""
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
    }
    return {
        "/" + node.value.lstrip("/")
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
        and id(node) not in docstrings
    }  # fmt: skip
