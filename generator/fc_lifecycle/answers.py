"""The answers file, and the one way answers are layered for ``new`` and ``update``.

Layers, each over the one before: the answers recorded in the project's answers file, then
the answers given as flags or ``--set`` (checked here, each error naming its flag), then,
for every question still open, either the wizard (a terminal) or the template's default
rendered exactly as cookiecutter renders it (``function_name`` from ``project_name``).
The full set is checked once more by ``render`` against the template's rules.
"""

from __future__ import annotations

import json
import sys
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


def check_given(
    spec: dict[str, Any], given: dict[str, Any], typed: dict[str, str] | None = None
) -> dict:
    """Convert and check the answers the user gave, against the template they go to; the
    one check on the way through ``new`` and ``update``. An error names the answer as the
    user typed it (``typed``: its flag or ``--set KEY``), else by its question.
    """
    typed = typed or {}
    known = Questions(spec).names()
    for name in given:
        if name not in known:
            where = typed.get(name, f"--set {name}")
            raise UserError(
                _("%(where)s: unknown question (known: %(known)s)")
                % {"where": where, "known": ", ".join(known)}
            )
    checked = {}
    for name, value in given.items():
        try:
            checked[name] = rules.check(name, value, spec)
        except rules.AnswerError as error:
            rule = error.message(_, named=False)
            raise UserError(f"{typed.get(name, name)}: {rule}") from None
    return checked


def layer(spec: dict[str, Any], recorded: dict[str, Any], given: dict[str, Any]) -> dict:
    """Recorded answers to the template's questions, then the given ones over them.

    A question a project could not record, made before the question existed, takes the
    value it had in effect (``_unrecorded``: ``language`` ``en``), neither asked nor taken
    from the locale: the project stays as it was.
    """
    answers = {name: recorded[name] for name in Questions(spec).names() if name in recorded}
    for name, value in spec.get("_unrecorded", {}).items():
        answers.setdefault(name, value)
    answers.update(given)
    return answers


def from_locale(spec: dict[str, Any]) -> dict[str, Any]:
    """``spec`` with the language fc-lifecycle speaks as the default of the questions
    ``_wizard.from_locale`` names (``language``: a Chinese locale makes a Chinese project),
    when that language is one of their choices; for ``new`` only (see ``layer``)."""
    spoken = i18n.language()
    names = Questions(spec).from_locale
    return with_defaults(spec, {n: spoken for n in names if spoken in spec.get(n, [])})


def missing(spec: dict[str, Any], answers: dict[str, Any]) -> list[str]:
    """The questions the wizard would ask: those ``answers`` lacks, but derived ones."""
    questions = Questions(spec)
    return [n for n in questions.names() if n not in answers and n not in questions.hidden]


def completed(spec: dict[str, Any], answers: dict[str, Any]) -> dict[str, Any]:
    """Every question answered: the rest get their defaults, rendered as cookiecutter would."""
    return Questions(spec).completed(answers)


def with_defaults(spec: dict[str, Any], answers: dict[str, Any]) -> dict[str, Any]:
    """``spec`` with ``answers`` as the defaults (a chosen value first among its choices,
    before any ``_defaults`` entry of that question)."""
    result = dict(spec)
    if "_defaults" in spec:
        result["_defaults"] = {k: v for k, v in spec["_defaults"].items() if k not in answers}
    for name, value in answers.items():
        default = spec.get(name)
        if isinstance(default, list):
            result[name] = [value] + [choice for choice in default if choice != value]
        elif name in spec and not name.startswith("_"):
            result[name] = value
    return result


def ask(
    template_dir: Path,
    spec: dict[str, Any],
    answers: dict[str, Any],
    *,
    keep: frozenset[str] | None = None,
    io: dict | None = None,
):
    """Ask with ``new``'s wizard; return ``(answers, wizard)`` with every question answered.

    Asks what ``answers`` lacks; with ``keep``, asks every question but those, offering the
    current answers as defaults (``update --interactive``).
    """
    asked = [n for n in Questions(spec).names() if n not in (answers if keep is None else keep)]
    if not io and not sys.stdin.isatty():
        raise NeedsTerminal(
            _(
                "%(asked)s: would be asked but standard input is not a terminal "
                "(pass --no-input to take the defaults)"
            )
            % {"asked": ", ".join(asked)}
        )
    from fc_lifecycle.wizard import Wizard

    shown = spec if keep is None else with_defaults(spec, answers)
    given = answers if keep is None else {n: answers[n] for n in keep if n in answers}
    wizard = Wizard(shown, lambda name, value: rules.check(name, value, spec), **(io or {}))
    return completed(shown, wizard.ask(given)), wizard
