"""The answer rules: one implementation for the hooks, the Jinja extension and the CLI.

Standard library only: the hooks import it under plain cookiecutter, without fc-lifecycle
installed. The rules themselves are data in ``cookiecutter.json`` (``_rules``, the choice
lists, the yes/no defaults, and ``_wizard.hooks``: which question belongs to which hook),
except the numbers: a numeric question's ``_rules`` entry names an FC fact
(``{"range": "memorySize", "unit": "MB"}``) whose range ``fc_template.facts`` holds.
"""

from __future__ import annotations

import json
import os
import re
from typing import Any

from fc_template import facts

TRUE_WORDS = ("1", "true", "t", "yes", "y", "on")
FALSE_WORDS = ("0", "false", "f", "no", "n", "off")


def N_(message: str) -> str:  # noqa: N802 (gettext's marker: fc-lifecycle's catalog has it)
    """Mark a rule text for fc-lifecycle's message catalog; the hooks print it as it is."""
    return message


class AnswerError(ValueError):
    """An answer breaks a rule; the text is one line naming the answer and the rule.

    ``name``, ``rule`` (a sentence, ``%(key)s`` filled from ``params``) and ``got`` (the
    value as shown) stay apart, so fc-lifecycle can say the rule in the user's language.
    """

    def __init__(
        self, name: str, rule: str, params: dict[str, Any] | None = None, got: str | None = None
    ) -> None:
        self.name, self.rule, self.params, self.got = name, rule, params or {}, got
        super().__init__(self.message())

    def message(self, translate: Any = None, *, named: bool = True) -> str:
        """The line, its sentences passed through ``translate`` (gettext's) when given;
        without ``named``, only the rule and the value."""
        tr = translate or (lambda text: text)
        text = tr(self.rule) % self.params if self.params else tr(self.rule)
        if self.got is not None:
            text += tr(N_(" (got %(value)s)")) % {"value": self.got}
        return f"{self.name}: {text}" if named else text


def load_spec(template_dir: str | os.PathLike[str]) -> dict[str, Any]:
    """Return the parsed ``cookiecutter.json`` of a template folder (no pathlib: each hook
    process imports this module, and pathlib was a fifth of its imports' time)."""
    with open(os.path.join(template_dir, "cookiecutter.json"), encoding="utf-8") as spec:
        return json.load(spec)


def questions(spec: dict[str, Any]) -> list[str]:
    """Return the names of the questions, in order (keys not starting with ``_``)."""
    return [key for key in spec if not key.startswith("_")]


def coerce(name: str, value: Any, spec: dict[str, Any]) -> Any:
    """Return ``value`` converted to the type of the question ``name``.

    Raises:
        AnswerError: the value cannot be read as that type, or the question is unknown.
    """
    if name not in spec or name.startswith("_"):
        known = ", ".join(questions(spec))
        raise AnswerError(name, N_("unknown question (known: %(known)s)"), {"known": known})
    default = spec[name]
    if isinstance(default, bool):
        return _to_bool(name, value)
    rule = spec.get("_rules", {}).get(name, {})
    allowed = number_range(rule)
    if allowed:
        return _to_int(name, value, rule, allowed)
    return value if isinstance(value, str) else str(value)


def check(name: str, value: Any, spec: dict[str, Any]) -> Any:
    """Return the value of ``name`` converted and checked against its rule.

    Raises:
        AnswerError: the value breaks the rule.
    """
    value = coerce(name, value, spec)
    default = spec[name]
    rule = spec.get("_rules", {}).get(name, {})
    if isinstance(default, list) and value not in default:
        choices = {"choices": ", ".join(default)}
        raise AnswerError(name, N_("must be one of %(choices)s"), choices, repr(value))
    if "pattern" in rule and not re.search(rule["pattern"], value):
        raise AnswerError(name, rule["rule"], got=repr(value))
    allowed = number_range(rule)
    if allowed and value not in allowed:
        raise AnswerError(name, *_range_rule(rule, allowed), got=str(value))
    return value


def owner(name: str, spec: dict[str, Any]) -> str | None:
    """Return the yes/no question that switches ``name`` on (a hook's timeout), or None."""
    hooks = spec.get("_wizard", {}).get("hooks", {})
    return next((hook for hook, question in hooks.items() if question == name), None)


def applies(name: str, answers: dict[str, Any], spec: dict[str, Any]) -> bool:
    """Tell whether the answer to ``name`` is used: a declined hook's timeout is not, nor
    a follow-up whose ``when`` (in ``_rules``) does not hold (a timer's cron for an OSS
    trigger, the HTTP authentication of an event function)."""
    hook = owner(name, spec)
    if hook is not None and hook in answers and not _said_yes(hook, answers[hook]):
        return False
    return holds(spec.get("_rules", {}).get(name, {}).get("when", {}), answers, spec)


def holds(when: dict[str, list[str]], answers: dict[str, Any], spec: dict[str, Any]) -> bool:
    """Whether a ``when`` condition holds: each question it names is used and answered
    with one of its values (``{"function_type": ["event"]}``)."""
    return all(_holds(other, allowed, answers, spec) for other, allowed in when.items())


def check_all(answers: dict[str, Any], spec: dict[str, Any]) -> dict[str, Any]:
    """Check every question's answer; return them converted to their types.

    An answer that is not used (a declined hook's timeout, a follow-up of another trigger)
    is not checked: a value that breaks its rule is replaced by the question's default, so
    the recorded answers stay valid for a later update that switches it on.

    Raises:
        AnswerError: for the first used answer (in question order) that breaks a rule.
    """
    checked: dict[str, Any] = {}
    for name in questions(spec):
        if name not in answers:
            continue
        known = {**answers, **checked}
        try:
            checked[name] = check(name, answers[name], spec)
        except AnswerError:
            if applies(name, known, spec):
                raise
            checked[name] = spec[name]
    return checked


def _said_yes(name: str, value: Any) -> bool:
    try:
        return _to_bool(name, value)
    except AnswerError:
        return True


def _holds(name: str, allowed: list[str], answers: dict[str, Any], spec: dict[str, Any]) -> bool:
    """Whether question ``name`` is used and answered with one of ``allowed`` (its default
    when it is not answered; true when neither is known)."""
    if name not in answers and name not in spec:
        return True
    if not applies(name, answers, spec):
        return False
    value = answers.get(name, spec.get(name))
    if isinstance(value, list):
        value = value[0] if value else ""
    return value in allowed


def number_range(rule: dict[str, Any]) -> facts.Range | None:
    """The range a numeric question's rule allows, or None for a question that is no number.

    ``{"range": KEY}`` takes it from ``facts.answer_range``; the explicit ``min``/``max``
    (``multiple_of``) form is what earlier template versions carry, which ``update`` renders.
    """
    if "range" in rule:
        return facts.answer_range(rule["range"])
    if "min" in rule:
        return facts.Range(rule["min"], rule["max"], rule.get("multiple_of", 1))
    return None


def _range_rule(rule: dict[str, Any], allowed: facts.Range) -> tuple[str, dict[str, Any]]:
    """The rule of a numeric answer, and its numbers."""
    low, high, step = allowed
    params = {"low": low, "high": high, "unit": rule.get("unit", ""), "step": step}
    if step > 1 and params["unit"]:
        return N_(
            "must be a whole number in %(low)s-%(high)s %(unit)s, a multiple of %(step)s"
        ), params
    if step > 1:
        return N_("must be a whole number in %(low)s-%(high)s, a multiple of %(step)s"), params
    if params["unit"]:
        return N_("must be a whole number in %(low)s-%(high)s %(unit)s"), params
    return N_("must be a whole number in %(low)s-%(high)s"), params


def _to_bool(name: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise AnswerError(name, N_("must be yes or no"), got=repr(value))


def _to_int(name: str, value: Any, rule: dict[str, Any], allowed: facts.Range) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    text = str(value).strip()
    if not re.fullmatch(r"[+-]?\d+", text):
        raise AnswerError(name, *_range_rule(rule, allowed), got=repr(value))
    return int(text)
