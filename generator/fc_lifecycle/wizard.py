"""The interactive questions of ``fc-lifecycle new``, built from ``cookiecutter.json``.

Layout data (``_wizard``): which questions are derived silently, which sit behind
"advanced settings?", and which yes/no questions are lifecycle hooks with a timeout. Every
answer is checked live by the template's own rules. questionary is imported only here, and
only when a question is really asked.
"""

from __future__ import annotations

from typing import Any, Callable

from fc_lifecycle import i18n
from fc_lifecycle.errors import Aborted
from fc_lifecycle.i18n import _
from fc_lifecycle.options import Question, Questions
from fc_template import rules

Check = Callable[[str, Any], Any]


class Wizard:
    """Asks the questions not answered yet, in the terminal (prompt_toolkit's session)."""

    def __init__(self, questions: Questions, check: Check) -> None:
        import questionary

        self.q = questionary
        self.questions = questions
        self.check = check

    def ask(self, given: dict[str, Any]) -> dict[str, Any]:
        """Return ``given`` completed with an answer to every question."""
        answers = dict(given)
        questions = self.questions
        for name in questions.names():
            if name in answers or name in questions.advanced:
                continue
            if name in questions.hidden:
                if not self._derives(name, answers):
                    answers[name] = self._ask_one(name, answers)
            elif name in questions.lifecycle_hooks:
                self._ask_hooks(answers)
            elif questions.applies(name, answers):
                answers[name] = self._ask_one(name, answers)
        pending = [
            name
            for name in questions.advanced
            if name not in answers and questions.applies(name, answers)
        ]
        advanced = _("Change advanced settings (memory, timeout, auth, CI, language, ...)?")
        if pending and self._run(self.q.confirm(advanced, default=False)):
            for name in pending:
                answers[name] = self._ask_one(name, answers)
        return answers

    def confirm(self, message: str) -> bool:
        """Ask a final yes/no question."""
        return bool(self._run(self.q.confirm(message, default=True)))

    def _ask_hooks(self, answers: dict[str, Any]) -> None:
        """One checkbox for every lifecycle hook not answered yet."""
        hooks = self.questions.lifecycle_hooks
        pending = [self.questions[hook] for hook in hooks if hook not in answers]
        if not pending:
            return
        labels = self.questions.hook_labels
        choices = [
            self.q.Choice(_(labels.get(q.name, q.label)), value=q.name, checked=bool(q.default))
            for q in pending
        ]
        hint = _hint("(Use arrow keys to move, <space> to select, <a> to toggle, <i> to invert)")
        prompt = self.q.checkbox(_("Lifecycle hooks"), choices=choices, instruction=hint)
        chosen = self._run(prompt)
        answers.update({q.name: q.name in chosen for q in pending})

    def _ask_one(self, name: str, answers: dict[str, Any]) -> Any:
        question = self.questions[name]
        label = _(self.questions.wizard_label(name, answers))
        if question.is_yes_no:
            return self._run(self.q.confirm(label, default=question.default))
        if question.choices:
            return self._select(question, label, self.questions.default(name, answers))
        # The default is a placeholder, not text in the buffer: typing replaces it (a
        # pre-filled buffer turned "Shop" into "FC Lifecycle AppShop"), Enter takes it.
        default = str(self.questions.render_default(name, answers))
        prompt = self.q.text(
            label,
            validate=lambda text: self._problem(name, text or default),
            placeholder=[("class:instruction", default)] if default else None,
        )
        return self.check(name, self._run(prompt) or default)

    def _select(self, question: Question, label: str, default: str) -> str:
        choices = [
            self.q.Choice(_(question.choice_labels.get(value, value)), value=value)
            for value in question.choices
        ]
        searchable = len(choices) > 8
        prompt = self.q.select(
            label,
            choices=choices,
            default=default,
            use_search_filter=searchable,
            use_jk_keys=not searchable,
            instruction=_hint(
                "(Use arrow keys, type to filter)" if searchable else "(Use arrow keys)"
            ),
        )
        return self._run(prompt)

    def _derives(self, name: str, answers: dict[str, Any]) -> bool:
        """Whether a hidden question's value, derived from earlier answers, passes its rule
        (a project named ``!!!`` derives an empty folder name, so that one is asked)."""
        return self._problem(name, self.questions.render_default(name, answers)) is True

    def _problem(self, name: str, text: str) -> bool | str:
        try:
            self.check(name, text)
        except rules.AnswerError as error:
            return error.message(_, named=False)
        except ValueError as error:
            return str(error).split(": ", 1)[-1]
        return True

    @staticmethod
    def _run(question) -> Any:
        try:
            return question.unsafe_ask()
        except (KeyboardInterrupt, EOFError):
            raise Aborted(_("Aborted: nothing was written.")) from None


def _hint(english: str) -> str | None:
    """questionary's own key hint in the user's language; None (questionary's words) in
    English. The msgids are questionary's texts, marked here for the catalog."""
    return None if i18n.language() == "en" else _(english)


# questionary's hints, for the catalog (its texts, which ``_hint`` receives as variables).
HINTS = (
    i18n.N_("(Use arrow keys to move, <space> to select, <a> to toggle, <i> to invert)"),
    i18n.N_("(Use arrow keys, type to filter)"),
    i18n.N_("(Use arrow keys)"),
)
