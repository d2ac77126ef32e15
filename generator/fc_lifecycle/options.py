"""The template's questions, as typed data read from its ``cookiecutter.json``.

The one place that knows how ``cookiecutter.json`` spells a question: its name and order,
its default or choices, its prompt and choice labels (``__prompts__``), and the wizard's
layout (``_wizard``: derived, advanced and lifecycle-hook questions). The CLI flags, the
wizard, the summary and ``update`` read questions from here. To add a question, add it to
``cookiecutter.json`` (and its rule to ``_rules``): flags, wizard and summary follow.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fc_template import rules


@dataclass(frozen=True)
class Question:
    """One question: ``default`` is the raw value (a Jinja string for a derived one)."""

    name: str
    default: Any
    label: str
    choices: tuple[str, ...] = ()
    choice_labels: dict[str, str] = field(default_factory=dict)

    @property
    def is_yes_no(self) -> bool:
        """A yes/no question (its default is a bool)."""
        return isinstance(self.default, bool)

    @property
    def first(self) -> Any:
        """The default as cookiecutter takes it: the first choice of a list."""
        return self.choices[0] if self.choices else self.default

    @property
    def flag(self) -> str:
        """Its command-line flag: ``pre_stop`` → ``--pre-stop``."""
        return flag_name(self.name)


class Questions:
    """Every question of a template, in order, with the wizard's layout."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec
        prompts = spec.get("__prompts__", {})
        self.by_name = {
            name: _question(name, value, prompts.get(name, name))
            for name, value in spec.items()
            if not name.startswith("_")
        }
        layout = spec.get("_wizard", {})
        self.hidden: list[str] = layout.get("hidden", [])
        self.advanced: list[str] = layout.get("advanced", [])
        self.from_locale: list[str] = layout.get("from_locale", [])
        self.lifecycle_hooks: dict[str, str] = layout.get("hooks", {})
        self.hook_labels: dict[str, str] = layout.get("hook_labels", {})
        self.wizard_labels: dict[str, Any] = layout.get("labels", {})
        self.short_labels: dict[str, str] = layout.get("short", {})

    def __iter__(self):
        return iter(self.by_name.values())

    def __contains__(self, name: object) -> bool:
        return name in self.by_name

    def __getitem__(self, name: str) -> Question:
        return self.by_name[name]

    def names(self) -> list[str]:
        """The question names in order."""
        return list(self.by_name)

    def label(self, name: str) -> str:
        """The prompt of ``name`` (the name itself when it has none)."""
        return self.by_name[name].label if name in self.by_name else name

    def wizard_label(self, name: str, answers: dict[str, Any]) -> str:
        """The wizard's prompt for ``name`` given the answers so far.

        Plain cookiecutter asks every question, so its prompt (``__prompts__``) says whom a
        follow-up is for ("timer trigger only"); the wizard asks a follow-up only on its
        path, so ``_wizard.labels`` may word it for that path: a string, or a list of
        ``{"when": ..., "label": ...}`` of which the first that holds is taken."""
        entry = self.wizard_labels.get(name)
        if isinstance(entry, str):
            return entry
        for case in entry or []:
            if rules.holds(case.get("when", {}), answers, self.spec):
                return case["label"]
        return self.label(name)

    def short_label(self, name: str) -> str:
        """The summary's label for ``name`` (``_wizard.short``, else its prompt)."""
        return self.short_labels.get(name) or self.label(name)

    def unused(self, answers: dict[str, Any]) -> set[str]:
        """Questions that do not apply: the timeout of a lifecycle hook switched off, a
        follow-up of another trigger or function type (``when`` in ``_rules``)."""
        return {name for name in self.by_name if not self.applies(name, answers)}

    def applies(self, name: str, answers: dict[str, Any]) -> bool:
        """Whether ``name`` is used, given the answers so far."""
        return rules.applies(name, answers, self.spec)

    def default(self, name: str, answers: dict[str, Any]) -> Any:
        """The raw default of ``name`` given the answers so far: the value of its
        ``_defaults`` entry when that entry's ``when`` holds (an event function's framework
        is ``none``), else cookiecutter's (the first choice). Plain cookiecutter knows no
        ``_defaults``: it always offers the first choice."""
        entry = self.spec.get("_defaults", {}).get(name)
        if entry and rules.holds(entry["when"], answers, self.spec):
            return entry["value"]
        return self.by_name[name].first

    def render_default(self, name: str, answers: dict[str, Any]) -> Any:
        """The default of ``name`` rendered as cookiecutter renders it (the slug from the
        name), given the answers so far."""
        raw = self.default(name, answers)
        if not isinstance(raw, str) or "{" not in raw:
            return raw
        from cookiecutter.prompt import render_variable
        from cookiecutter.utils import create_env_with_context

        env = create_env_with_context({"cookiecutter": self.spec})
        context = {**{q.name: q.first for q in self}, **answers}
        return render_variable(env, raw, context)

    def completed(self, answers: dict[str, Any]) -> dict[str, Any]:
        """Every question answered: the rest get their defaults, rendered in order."""
        result = dict(answers)
        for name in self.by_name:
            if name not in result:
                result[name] = self.render_default(name, result)
        return result


def flag_name(question: str) -> str:
    """The flag of a question: ``pre_stop`` → ``--pre-stop``."""
    return "--" + question.replace("_", "-")


def _question(name: str, value: Any, prompt: Any) -> Question:
    labels = prompt if isinstance(prompt, dict) else {}
    label = labels.get("__prompt__", name) if labels else str(prompt)
    choices = tuple(value) if isinstance(value, list) else ()
    extra = {key: text for key, text in labels.items() if key != "__prompt__"}
    return Question(name, value, label, choices, extra)
