"""A strict, offline check of a project's ``s.yaml`` and of its agreement with the code.

Three layers: our JSON Schema (``schemas/s-yaml.schema.json``, every object closed, so a
misspelt key is caught), the rules a schema cannot express (cpu steps and ratio, the
environment's size, reserved names, FC's hook limits), and the project's consistency (the
hooks configured are the routes served, the port is the bootstrap's, the bootstrap runs:
``validate_code``).
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fc_lifecycle import syaml
from fc_lifecycle.i18n import _
from fc_lifecycle.validate_code import code_agreement
from fc_template import facts

if TYPE_CHECKING:
    from typing_extensions import TypeGuard  # typing's own from Python 3.10

# Environment variables a generated server reads at start (code/fc_support/settings.py), each
# with the prop FC enforces and that prop's default: the two must agree.
SERVER_SETTINGS = {
    "INSTANCE_CONCURRENCY": ("instanceConcurrency", 1),
    "FUNCTION_TIMEOUT": ("timeout", 3),
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong, at a dotted path, with the YAML line when known."""

    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = _(" (line %(line)s)") % {"line": self.line} if self.line else ""
        path = self.path or _("(file)")
        return f"{path}: {self.message}{where}"


def validate(target: Path) -> list[Problem]:
    """Check ``target`` (a project folder or an s.yaml file); return the problems found."""
    target = Path(target)
    s_yaml = target / "s.yaml" if target.is_dir() else target
    document = syaml.load(s_yaml)
    if document.data is None:
        return [Problem("", _("the file is empty (expected edition, name and resources)"))]
    problems = [
        _at(document, path, _("%(ref)s is not defined in vars") % {"ref": ref})
        for path, ref in document.unresolved
    ]
    problems += schema_problems(document)
    problems += rule_problems(document)
    problems += consistency_problems(document, s_yaml.parent)
    return sorted(set(problems), key=lambda p: (p.line or 0, p.path, p.message))


@cache
def schema() -> dict:
    """Our strict schema for Serverless Devs 3.x files with fc3 functions."""
    return json.loads((Path(__file__).parent / "schemas" / "s-yaml.schema.json").read_text())


def schema_problems(document: syaml.Document) -> list[Problem]:
    """What the schema rejects, with a suggestion for a misspelt key."""
    from jsonschema import Draft202012Validator

    problems = []
    for error in Draft202012Validator(schema()).iter_errors(document.data):
        path = tuple(error.absolute_path)
        if error.validator == "additionalProperties":
            allowed = list(error.schema.get("properties", {}))
            for key in sorted(set(error.instance) - set(allowed), key=str):
                problems.append(_at(document, (*path, key), _unknown_key(key, allowed)))
        else:
            problems.append(_at(document, path, _message(error)))
    return problems


def rule_problems(document: syaml.Document) -> list[Problem]:
    """FC's rules that a JSON Schema cannot express."""
    problems = []
    for name, props in _functions(document.data):
        base = ("resources", name, "props")
        for path, message in _function_rules(props):
            problems.append(_at(document, (*base, *path), message))
    return problems


def consistency_problems(document: syaml.Document, project: Path) -> list[Problem]:
    """Disagreements between s.yaml and the code it deploys."""
    problems = []
    for name, props in _functions(document.data):
        code = props.get("code")
        if not str(props.get("runtime", "")).startswith("custom") or not isinstance(code, str):
            continue
        code_dir = (project / code).resolve()
        if not code_dir.is_dir():
            continue
        base = ("resources", name, "props")
        for path, message in code_agreement(props, code_dir, project):
            problems.append(_at(document, (*base, *path), message))
        if (code_dir / "fc_support" / "settings.py").is_file():
            problems += _settings_drift(document, base, props)
    return problems


def _settings_drift(document: syaml.Document, base: tuple, props: dict) -> list[Problem]:
    """The server's settings in environmentVariables must equal the props FC enforces."""
    env = props.get("environmentVariables")
    if not isinstance(env, dict):  # absent or misspelt: the schema check says so
        return []
    found = []
    for variable, (prop, default) in SERVER_SETTINGS.items():
        value = props.get(prop, default)
        if not _number(value) or value < 1:  # out of range: the schema check says so
            continue
        expected = str(value)
        line = document.line((*base, prop))
        where = prop + _(" (line %(line)s)") % {"line": line} if line else prop
        values = {"where": where, "expected": expected, "value": env.get(variable)}
        if variable not in env:
            message = (
                _("missing: the server reads it at start and must equal %(where)s, %(expected)s")
                % values
            )
        elif str(env[variable]) != expected:
            message = (
                _("is %(value)s but %(where)s is %(expected)s: set both to the same value") % values
            )
        else:
            continue
        found.append(_at(document, (*base, "environmentVariables", variable), message))
    return found


def _functions(data: Any):
    resources = data.get("resources") if isinstance(data, dict) else None
    for name, resource in (resources or {}).items() if isinstance(resources, dict) else []:
        props = resource.get("props") if isinstance(resource, dict) else None
        if isinstance(props, dict):
            yield name, props


def _function_rules(props: dict) -> list[tuple[tuple, str]]:
    found: list[tuple[tuple, str]] = []
    cpu, memory = props.get("cpu"), props.get("memorySize")
    memory = memory if _number(memory) else None
    problem = facts.cpu_problem(cpu, memory, translate=_) if _number(cpu) else None
    if problem:
        found.append((("cpu",), problem))
    if "customRuntimeConfig" in props and not re.match(
        r"custom(\.debian1[0-2])?$", str(props.get("runtime", ""))
    ):
        found.append(
            (("customRuntimeConfig",), _("only for custom runtimes (custom, custom.debianN)"))
        )
    env = props.get("environmentVariables")
    if isinstance(env, dict):
        size = sum(len(str(k).encode()) + len(str(v).encode()) for k, v in env.items())
        if size > facts.ENV_LIMIT:
            found.append(
                (
                    ("environmentVariables",),
                    _("total %(size)s bytes, FC allows 4 KB") % {"size": size},
                )
            )
        for key in env:
            if str(key).startswith(facts.ENV_RESERVED_PREFIX):
                found.append((("environmentVariables", key), _("FC_ names are reserved by FC")))
    for hook in facts.HOOKS.values():
        timeout = (props.get("instanceLifecycleConfig") or {}).get(hook.key, {}) or {}
        timeout = timeout.get("timeout") if isinstance(timeout, dict) else None
        if _number(timeout) and timeout > hook.max_timeout:
            path: tuple = ("instanceLifecycleConfig", hook.key, "timeout")
            limit = {"max": hook.max_timeout, "got": timeout}
            found.append((path, _("FC allows at most %(max)s s (got %(got)s)") % limit))
    for i, trigger in _triggers(props):
        config = trigger.get("triggerConfig") or {}
        config = config if isinstance(config, dict) else {}
        auth = config.get("authConfig") or {}
        if isinstance(auth, dict) and "whitelist" in auth and "blacklist" in auth:
            path = ("triggers", i, "triggerConfig", "authConfig")
            found.append((path, _("whitelist and blacklist cannot both be set")))
        cron = config.get("cronExpression")
        if trigger.get("triggerType") == "timer" and isinstance(cron, str):
            if not re.match(facts.TIMER_CRON, cron):
                path = ("triggers", i, "triggerConfig", "cronExpression")
                got = _(" (got %(value)s)") % {"value": repr(cron)}
                found.append((path, _(facts.TIMER_CRON_RULE) + got))
    return found


def _triggers(props: dict):
    triggers = props.get("triggers")
    for i, trigger in enumerate(triggers if isinstance(triggers, list) else []):
        if isinstance(trigger, dict):
            yield i, trigger


def _unknown_key(key: Any, allowed: list[str]) -> str:
    if key == "services":
        return _("replaced by 'resources' in edition 3.0.0")
    close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.7)
    if close:
        hint = _("; did you mean '%(key)s'?") % {"key": close[0]}
    else:
        hint = _(" (allowed: %(keys)s)") % {"keys": ", ".join(allowed)}
    return _("unknown key (s deploy would silently drop it)") + hint


def _message(error) -> str:
    if error.validator == "oneOf" and set(error.schema.get("properties", {})) >= {"handler"}:
        return _("a lifecycle hook needs exactly one of handler or command")
    if error.validator == "enum" and len(error.validator_value) > 8:
        return _("%(value)r is not an allowed value") % {"value": error.instance}
    if error.validator == "const":
        return _("must be %(want)r (got %(got)r)") % {
            "want": error.validator_value,
            "got": error.instance,
        }
    return error.message


def _at(document: syaml.Document, path: tuple, message: str) -> Problem:
    return Problem(".".join(str(p) for p in path), message, document.line(path))


def _number(value: Any) -> TypeGuard[float]:
    return isinstance(value, (int, float)) and not isinstance(value, bool)
