"""The answers file, and the one way answers are layered for ``new`` and ``update``.

``Answers`` carries them with the template's questions. Layers, each over the one before:
the answers recorded in the project's answers file, then the answers given as flags or
``--set`` (checked here, once, each error naming its flag), then,
for every question still open, either the wizard (a terminal) or the template's default
rendered exactly as cookiecutter renders it (``function_name`` from ``project_name``).
The full set is checked once more by ``render`` against the template's rules.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fc_lifecycle import i18n
from fc_lifecycle.errors import NeedsTerminal, UserError
from fc_lifecycle.i18n import _
from fc_lifecycle.options import Questions
from fc_template import rules

FILE = ".fc-lifecycle.json"


@dataclass(frozen=True)
class Record:
    """A parsed answers file: every answer, and where the template came from."""

    answers: dict[str, Any]
    template: dict[str, Any]

    def dumps(self) -> bytes:
        """The file's bytes, as the template's ``post_gen`` hook writes them."""
        record = {"answers": self.answers, "template": self.template}
        return (json.dumps(record, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()


def read(project: Path) -> Record:
    """Return the answers file of ``project``; UserError when missing or malformed."""
    path = Path(project) / FILE
    if not path.is_file():
        raise UserError(
            _("%(path)s: no answers file; is this an fc-lifecycle project?") % {"path": path}
        )
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise UserError(
            _("%(path)s: not valid JSON (%(error)s)") % {"path": path, "error": error}
        ) from None
    if not isinstance(record, dict) or not all(
        isinstance(record.get(key), dict) for key in ("answers", "template")
    ):
        raise UserError(_("%(path)s: needs 'answers' and 'template' objects") % {"path": path})
    return Record(record["answers"], record["template"])


class Answers(Mapping[str, Any]):
    """Answers to the questions of one template, carried with those questions.

    Made from what the user gave (``given``: checked once, here) or from what a project
    records (``recorded``: the answers to questions the template still asks, as recorded);
    changed only by making another (``with_``). A read-only mapping of name to value.
    """

    def __init__(self, questions: Questions, values: Mapping[str, Any] | None = None) -> None:
        self.questions = questions
        self._values = dict(values or {})

    @classmethod
    def given(
        cls, questions: Questions, values: Mapping[str, Any], typed: Mapping[str, str] | None = None
    ) -> Answers:
        """The answers the user gave, converted and checked against the template they go to:
        the one check on the way through ``new`` and ``update``. An error names the answer
        as the user typed it (``typed``: its flag or ``--set KEY``), else by its question.

        Raises:
            UserError: an answer to no question of the template, or one its rule refuses.
        """
        typed = typed or {}
        known = questions.names()
        for name in values:
            if name not in known:
                where = typed.get(name, f"--set {name}")
                raise UserError(
                    _("%(where)s: unknown question (known: %(known)s)")
                    % {"where": where, "known": ", ".join(known)}
                )
        checked = {}
        for name, value in values.items():
            try:
                checked[name] = rules.check(name, value, questions.spec)
            except rules.AnswerError as error:
                rule = error.message(_, named=False)
                raise UserError(f"{typed.get(name, name)}: {rule}") from None
        return cls(questions, checked)

    @classmethod
    def recorded(cls, questions: Questions, values: Mapping[str, Any]) -> Answers:
        """A project's recorded answers to the questions of ``questions`` (others dropped).

        A question a project could not record, made before the question existed, takes the
        value it had in effect (``_unrecorded``: ``language`` ``en``), neither asked nor
        taken from the locale: the project stays as it was.
        """
        names = questions.names()
        kept = {name: values[name] for name in names if name in values}
        unrecorded = questions.spec.get("_unrecorded", {})
        kept |= {n: v for n, v in unrecorded.items() if n in names and n not in kept}
        return cls(questions, kept)

    def __getitem__(self, name: str) -> Any:
        return self._values[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        return f"Answers({self._values!r})"

    def with_(self, **changes: Any) -> Answers:
        """These answers with ``changes`` over them."""
        return Answers(self.questions, {**self._values, **changes})

    def missing(self) -> list[str]:
        """The questions the wizard would ask: those not answered, but derived ones."""
        questions = self.questions
        return [n for n in questions.names() if n not in self and n not in questions.hidden]

    def completed(self) -> Answers:
        """Every question answered: the rest get their defaults, rendered as cookiecutter
        would."""
        return Answers(self.questions, self.questions.completed(self._values))

    def as_defaults(self) -> Questions:
        """The questions with these answers as their defaults (a chosen value first among
        its choices, before any ``_defaults`` entry of that question)."""
        spec = self.questions.spec
        result = dict(spec)
        if "_defaults" in spec:
            result["_defaults"] = {k: v for k, v in spec["_defaults"].items() if k not in self}
        for name, value in self.items():
            default = spec.get(name)
            if isinstance(default, list):
                result[name] = [value] + [choice for choice in default if choice != value]
            elif name in spec and not name.startswith("_"):
                result[name] = value
        return Questions(result)

    def for_cookiecutter(self) -> dict[str, Any]:
        """The answers as cookiecutter's ``extra_context`` takes them: a plain dict."""
        return dict(self._values)


def from_locale(questions: Questions) -> Questions:
    """``questions`` with the language fc-lifecycle speaks as the default of those
    ``_wizard.from_locale`` names (``language``: a Chinese locale makes a Chinese project),
    when it is one of their choices; for ``new`` only (see ``Answers.recorded``)."""
    spoken = i18n.language()
    chosen = {n: spoken for n in questions.from_locale if spoken in questions[n].choices}
    return Answers(questions, chosen).as_defaults()


def ask(answers: Answers, *, keep: frozenset[str] | None = None):
    """Ask with ``new``'s wizard; return ``(answers, wizard)`` with every question answered.

    Asks what ``answers`` lacks; with ``keep``, asks every question but those, offering the
    current answers as defaults (``update --interactive``).
    """
    questions = answers.questions
    asked = [n for n in questions.names() if n not in (answers if keep is None else keep)]
    if not sys.stdin.isatty():
        raise NeedsTerminal(
            _(
                "%(asked)s: would be asked but standard input is not a terminal "
                "(pass --no-input to take the defaults)"
            )
            % {"asked": ", ".join(asked)}
        )
    from fc_lifecycle.wizard import Wizard

    shown = questions if keep is None else answers.as_defaults()
    given = dict(answers) if keep is None else {n: answers[n] for n in keep if n in answers}
    spec = questions.spec
    wizard = Wizard(shown, lambda name, value: rules.check(name, value, spec))
    return Answers(questions, shown.completed(wizard.ask(given))), wizard
