"""What a project's code does, for ``validate``: its bootstrap, its port, the lifecycle hooks
it serves; and where that disagrees with the function's ``s.yaml`` props.

What the code serves is read from facts (``project_facts``), never from strings in it.
"""

from __future__ import annotations

import re
from pathlib import Path

from fc_lifecycle.i18n import _
from fc_lifecycle.project_facts import recorded_function_type, served_hooks
from fc_template import facts


def code_agreement(
    props: dict, code_dir: Path, project: Path | None = None
) -> list[tuple[tuple, str]]:
    """Where a function's props and its code disagree, as (path under props, message): the
    bootstrap FC runs, the port it listens on, the lifecycle hooks configured and served
    (``project_facts``), and an HTTP trigger on what ``project``'s answers call an event
    function."""
    found: list[tuple[tuple, str]] = []
    runtime_config = props.get("customRuntimeConfig") or {}
    command = runtime_config.get("command") or [facts.BOOTSTRAP]
    bootstrap = code_dir / "bootstrap"
    if command[:1] in ([facts.BOOTSTRAP], ["bootstrap"], ["./bootstrap"]):
        found += [(("customRuntimeConfig", "command"), m) for m in bootstrap_problems(bootstrap)]
    if bootstrap.is_file():
        default = re.findall(r":-(\d+)\}", bootstrap.read_text(errors="replace"))
        port = runtime_config.get("port", facts.PORT)
        if default and int(default[-1]) != port:
            message = _("port %(port)s but code/bootstrap listens on %(default)s by default") % {
                "port": port,
                "default": default[-1],
            }
            found.append((("customRuntimeConfig", "port"), message))
    if project is not None and recorded_function_type(project) == "event":
        found += _http_triggers_of_an_event_function(props)
    served = served_hooks(code_dir)
    if served is None:  # not fc-lifecycle's plumbing: what the code serves is unknown
        return found
    hooks = props.get("instanceLifecycleConfig") or {}
    for hook in facts.HOOKS.values():
        entry = hooks.get(hook.key) if isinstance(hooks, dict) else None
        configured = isinstance(entry, dict) and bool(entry.get("handler") or entry.get("command"))
        call = f"{hook.method} {hook.path}"
        if configured and hook.path not in served:
            message = _("configured, but no code in %(folder)s/ serves %(call)s") % {
                "folder": code_dir.name,
                "call": call,
            }
            found.append((("instanceLifecycleConfig", hook.key), message))
        elif hook.path in served and not configured:
            message = _("code serves %(call)s but %(key)s is not configured: FC never calls it") % {
                "call": call,
                "key": hook.key,
            }
            found.append((("instanceLifecycleConfig",), message))
    return found


def _http_triggers_of_an_event_function(props: dict) -> list[tuple[tuple, str]]:
    message = _(
        "an HTTP trigger on an event function (.fc-lifecycle.json: function_type event): FC"
        " passes HTTP requests through as they are; use a timer, OSS or other event trigger"
    )
    triggers = props.get("triggers")
    return [
        (("triggers", i, "triggerType"), message)
        for i, trigger in enumerate(triggers if isinstance(triggers, list) else [])
        if isinstance(trigger, dict) and trigger.get("triggerType") == "http"
    ]


def bootstrap_problems(bootstrap: Path) -> list[str]:
    if not bootstrap.is_file():
        return [_("code/bootstrap does not exist (FC: 'the file /code/bootstrap is not exist')")]
    data = bootstrap.read_bytes()
    problems = []
    if not bootstrap.stat().st_mode & 0o111:
        problems.append(_("code/bootstrap is not executable (FC needs mode 755: CAFilePermission)"))
    if not data.startswith(b"#!"):
        problems.append(_("code/bootstrap does not start with #! (FC: exec format error)"))
    if b"\r\n" in data:
        problems.append(_("code/bootstrap has CRLF line endings; FC needs LF"))
    return problems
