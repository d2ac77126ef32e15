"""What the local runner needs to know about a function, read from its ``s.yaml``."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from fc_lifecycle import syaml
from fc_lifecycle.errors import UserError
from fc_lifecycle.i18n import _
from fc_lifecycle.project_facts import function_type
from fc_template import facts

CODE_PATH = re.compile(r"(?<![\w/.-])/code(?=/|:|$)")


@dataclass(frozen=True)
class Hook:
    """A configured lifecycle hook: FC calls it with this timeout."""

    timeout: float


@dataclass(frozen=True)
class Function:
    """One fc3 function of the project, with FC paths mapped to this machine."""

    name: str
    region: str
    memory: int
    timeout: int
    concurrency: int
    port: int
    code_dir: Path
    command: list[str]
    environment: dict[str, str] = field(default_factory=dict)
    initializer: Hook | None = None
    pre_stop: Hook | None = None
    event: bool = False  # an event function (project_facts.function_type)
    trigger: dict = field(default_factory=dict)  # its first trigger other than HTTP
    cpu: float = 0.35  # vCPUs; fc3's default when s.yaml has none


def load(project: Path, resource: str | None = None) -> Function:
    """Read the function from ``project/s.yaml`` (the only one, or ``resource``)."""
    s_yaml = project / "s.yaml"
    if not s_yaml.is_file():
        raise UserError(_("run: no s.yaml in %(project)s") % {"project": project})
    data = syaml.load(s_yaml).data or {}
    resources = {
        name: res["props"]
        for name, res in (data.get("resources") or {}).items()
        if isinstance(res, dict) and str(res.get("component", "")).startswith("fc3")
    }
    if not resources:
        raise UserError(_("run: %(file)s has no fc3 function") % {"file": s_yaml})
    if resource is None and len(resources) > 1:
        raise UserError(
            _("run: several functions (%(names)s); pick one with --resource")
            % {"names": ", ".join(resources)}
        )
    if resource is not None and resource not in resources:
        raise UserError(
            _("--resource %(name)s: not in s.yaml (%(names)s)")
            % {"name": resource, "names": ", ".join(resources)}
        )
    return _function(resources[resource or next(iter(resources))], project)


def _function(props: dict, project: Path) -> Function:
    code_dir = (project / str(props.get("code", "./code"))).resolve()
    if not code_dir.is_dir():
        raise UserError(
            _("code: %(folder)s is not a folder (zip or OSS code cannot run locally)")
            % {"folder": code_dir}
        )
    runtime = props.get("customRuntimeConfig") or {}
    command = list(runtime.get("command") or [facts.BOOTSTRAP]) + list(runtime.get("args") or [])
    hooks = props.get("instanceLifecycleConfig") or {}
    return Function(
        name=str(props.get("functionName", "function")),
        region=str(props.get("region", "cn-hangzhou")),
        memory=int(props.get("memorySize", 512)),
        cpu=float(props.get("cpu", 0.35)),
        timeout=int(props.get("timeout", 3)),
        concurrency=int(props.get("instanceConcurrency", 1)),
        port=int(runtime.get("port", facts.PORT)),
        code_dir=code_dir,
        command=[local_path(part, code_dir) for part in command],
        environment={
            str(k): local_path(str(v), code_dir)
            for k, v in (props.get("environmentVariables") or {}).items()
        },
        initializer=_hook(hooks.get(facts.HOOKS["initializer"].key)),
        pre_stop=_hook(hooks.get(facts.HOOKS["pre_stop"].key)),
        event=function_type(project, props) == "event",
        trigger=next(
            (
                t
                for t in props.get("triggers") or []
                if isinstance(t, dict) and t.get("triggerType") != "http"
            ),
            {},
        ),  # fmt: skip
    )


def _hook(entry: object) -> Hook | None:
    if not isinstance(entry, dict) or not (entry.get("handler") or entry.get("command")):
        return None
    return Hook(timeout=float(entry.get("timeout", 3)))


def local_path(value: str, code_dir: Path) -> str:
    """Map FC's ``/code`` to the local code folder, in a path or a PATH-like list."""
    return CODE_PATH.sub(str(code_dir), value)
