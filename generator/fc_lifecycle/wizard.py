"""The interactive questions of ``fc-lifecycle new``, built from ``cookiecutter.json``.

Layout data (``_wizard``): which questions are derived silently, which sit behind
"advanced settings?", and which yes/no questions are lifecycle hooks with a timeout. Every
answer is checked live by the template's own rules. questionary is imported only here, and
only when a question is really asked.
"""

from __future__ import annotations

from typing import Any, Callable

from fc_lifecycle.answer_flags import prompt_text, questions
from fc_lifecycle.answers import render_default
from fc_lifecycle.errors import Aborted

Check = Callable[[str, Any], Any]


class Wizard:
    """Asks the questions not answered yet; ``input``/``output`` let tests drive it."""

    def __init__(self, spec: dict[str, Any], check: Check, *, input=None, output=None) -> None:
        import questionary

        self.q = questionary
        self.spec = spec
        self.check = check
        self.layout = spec.get("_wizard", {})
        self.io = {key: value for key, value in (("input", input), ("output", output)) if value}

    def ask(self, given: dict[str, Any]) -> dict[str, Any]:
        """Return ``given`` completed with an answer to every question."""
        answers = dict(given)
        hooks = self.layout.get("hooks", {})
        advanced = self.layout.get("advanced", [])
        for name in questions(self.spec):
            if name in answers or name in self.layout.get("hidden", []) or name in advanced:
                continue
            if name in hooks:
                self._ask_hooks(answers, hooks)
            elif name not in hooks.values() or answers.get(_hook_of(name, hooks)):
                answers[name] = self._ask_one(name, answers)
        if [n for n in advanced if n not in answers] and self._run(
            self.q.confirm("Change advanced settings (memory, timeout, concurrency, auth)?",
                           default=False, **self.io)
        ):  # fmt: skip
            for name in advanced:
                if name not in answers:
                    answers[name] = self._ask_one(name, answers)
        return answers

    def confirm(self, message: str) -> bool:
        """Ask a final yes/no question."""
        return bool(self._run(self.q.confirm(message, default=True, **self.io)))

    def _ask_hooks(self, answers: dict[str, Any], hooks: dict[str, str]) -> None:
        """One checkbox for every lifecycle hook not answered yet."""
        pending = [hook for hook in hooks if hook not in answers]
        if not pending:
            return
        labels = self.layout.get("hook_labels", {})
        choices = [
            self.q.Choice(
                labels.get(hook, prompt_text(self.spec, hook)),
                value=hook,
                checked=bool(self.spec[hook]),
            )
            for hook in pending
        ]
        chosen = self._run(self.q.checkbox("Lifecycle hooks", choices=choices, **self.io))
        answers.update({hook: hook in chosen for hook in pending})

    def _ask_one(self, name: str, answers: dict[str, Any]) -> Any:
        default = self.spec[name]
        message = prompt_text(self.spec, name)
        if isinstance(default, bool):
            return self._run(self.q.confirm(message, default=default, **self.io))
        if isinstance(default, list):
            return self._select(name, message, default)
        question = self.q.text(
            message,
            default=str(render_default(self.spec, default, answers)),
            validate=lambda text: self._problem(name, text),
            **self.io,
        )
        return self.check(name, self._run(question))

    def _select(self, name: str, message: str, values: list[str]) -> str:
        labels = self.spec.get("__prompts__", {}).get(name, {})
        labels = labels if isinstance(labels, dict) else {}
        choices = [self.q.Choice(labels.get(value, value), value=value) for value in values]
        searchable = len(values) > 8
        question = self.q.select(
            message,
            choices=choices,
            default=values[0],
            use_search_filter=searchable,
            use_jk_keys=not searchable,
            **self.io,
        )
        return self._run(question)

    def _problem(self, name: str, text: str) -> bool | str:
        try:
            self.check(name, text)
        except ValueError as error:
            return str(error).split(": ", 1)[-1]
        return True

    @staticmethod
    def _run(question) -> Any:
        try:
            return question.unsafe_ask()
        except (KeyboardInterrupt, EOFError):
            raise Aborted("Aborted: nothing was written.") from None


def _hook_of(timeout_question: str, hooks: dict[str, str]) -> str:
    return next(hook for hook, timeout in hooks.items() if timeout == timeout_question)
