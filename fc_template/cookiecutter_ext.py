"""A Jinja extension that checks the answers while cookiecutter renders them.

cookiecutter renders a question's default (or a choice's options) right before it asks
the question, with the answers given so far; it renders the project folder's name before
it creates the folder. This extension checks those answers on every render, so a refused
answer ends the run right after it is given, before anything is written, with one line
naming the question and the rule: no traceback, no output folder, under plain
``cookiecutter``, cruft and pytest-cookies alike. The pre-generation hook checks again.

It also gives the hooks ``fc_template_dir()``: the template folder, which is the working
directory whenever cookiecutter (or cruft, which calls cookiecutter's ``generate_files``)
renders a hook; ``fc_facts``: FC's facts (``{{ fc_facts.PORT }}``), so the template holds no
copy of them; and the filters that keep logic out of ``cookiecutter.json``'s strings:
``fc_cpu`` (FC's CPU for a memory size, from ``facts``) and ``yaml_escape`` (text for a
double-quoted YAML scalar).

A saved context (``cookiecutter --replay``, ``--replay-file``) holds the answers *and* the
private values of the run that saved it: the template's data (``_python``, ``_rules``) and
the values derived from the answers (``__runtime``, ``__cpu``, ``__project_dir``...). Edit an
answer in it and those go stale. So once cookiecutter knows the template folder
(``_repo_dir``, set before it renders any file), every render checks the answers against the
template's own ``cookiecutter.json``, takes the template's data from it, and derives the
private values again from the answers: a replay makes what the same answers make.
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Callable
from pathlib import Path
from types import CodeType
from typing import Any

from jinja2 import BytecodeCache, Environment, Template
from jinja2.bccache import Bucket
from jinja2.ext import Extension

from fc_template import facts, rules


class Refused(SystemExit):
    """An answer breaks a rule: ends the run with exit status 1 and the one-line message."""

    def __init__(self, error: rules.AnswerError) -> None:
        super().__init__(f"error: {error}")
        self.error = error


def spec_from(context: dict[str, Any]) -> dict[str, Any]:
    """The options a render context knows: the choice lists when cookiecutter kept them.

    Plain cookiecutter keeps the original options in ``_cookiecutter`` once it renders files;
    elsewhere (while prompting, under cruft) cookiecutter has already refused a choice or a
    yes/no it cannot read, and each answer stands for its own question's type.
    """
    answers = context["cookiecutter"]
    options = context.get("_cookiecutter") or {}
    spec = {name: options.get(name, value) for name, value in answers.items()}
    return {**spec, "_rules": answers.get("_rules", {}), "_wizard": answers.get("_wizard", {})}


def yaml_escape(text: Any) -> str:
    r"""``text`` escaped for the inside of a double-quoted YAML scalar (``\\``, ``\"``,
    ``\n``, ``\t``): the body of its JSON string is one."""
    return json.dumps(str(text), ensure_ascii=False)[1:-1]


def unrendered(value: Any) -> bool:
    """Tell whether a value is still a Jinja default (a tool rendering defaults passes those)."""
    return isinstance(value, str) and ("{{" in value or "{%" in value)


# What cookiecutter adds to the answers for this run: never taken from the template's file.
RUN_KEYS = ("_template", "_output_dir", "_repo_dir", "_checkout")


@functools.lru_cache(maxsize=8)
def _load(path: str) -> dict[str, Any]:
    return rules.load_spec(path)


def template_spec(answers: dict[str, Any]) -> dict[str, Any] | None:
    """The template's own ``cookiecutter.json`` once cookiecutter has said where the template
    is (``_repo_dir``, set before any file is rendered); None before that, or elsewhere."""
    folder = answers.get("_repo_dir")
    if not isinstance(folder, str) or not (Path(folder) / "cookiecutter.json").is_file():
        return None
    return _load(folder)


class PassedChecks:
    """The answers that passed the template's rules in this process, per template folder:
    cookiecutter renders every file and file name of a project with the same answers (a
    few hundred renders), and they are checked once, not once a render. Only answers
    checked against the template's own ``cookiecutter.json`` are kept (``template_spec``),
    which is read once a process too."""

    LIMIT = 1024

    def __init__(self) -> None:
        self.passed: set[tuple[str, str]] = set()

    @staticmethod
    def key(answers: dict[str, Any], spec: dict[str, Any]) -> tuple[str, str]:
        given = [(name, answers[name]) for name in rules.questions(spec) if name in answers]
        return answers["_repo_dir"], repr(given)

    def check(self, answers: dict[str, Any], spec: dict[str, Any]) -> None:
        """``rules.check_all`` unless these answers passed it already.

        Raises:
            rules.AnswerError: an answer breaks its rule (such answers are not kept).
        """
        key = self.key(answers, spec)
        if key not in self.passed:
            rules.check_all(answers, spec)
            if len(self.passed) >= self.LIMIT:
                self.passed.clear()
            self.passed.add(key)


PASSED = PassedChecks()


def check_context(context: dict[str, Any]) -> None:
    """Check the answers of a render context, if it has any (unrendered defaults skipped).

    Raises:
        Refused: an answer breaks its rule.
    """
    answers = context.get("cookiecutter")
    if not isinstance(answers, dict) or "_rules" not in answers:
        return
    # The template's own options when known: a replay's _cookiecutter holds answers, not lists.
    spec = template_spec(answers)
    answers = {name: value for name, value in answers.items() if not unrendered(value)}
    try:
        if spec is None:
            rules.check_all(answers, spec_from({**context, "cookiecutter": answers}))
        else:
            PASSED.check(answers, spec)
    except rules.AnswerError as error:
        raise Refused(error) from None


def derive_again(context: dict[str, Any], environment: Environment) -> None:
    """Put the template's data and the values derived from the answers into the answers,
    in place (cookiecutter renders every file and hook with this same dictionary)."""
    answers = context.get("cookiecutter")
    spec = template_spec(answers) if isinstance(answers, dict) else None
    # Once per answers and environment: cookiecutter renders every file name and file with
    # the same dictionary, and does not change the answers while it writes files.
    seen = environment.__dict__.setdefault("_fc_derived_for", [None])
    if answers is None or spec is None or seen[0] is answers:
        return
    seen[0] = answers
    for name, value in spec.items():
        if name.startswith("_") and not name.startswith("__") and name not in RUN_KEYS:
            answers[name] = value
    for name, value in spec.items():  # in file order: a derived value may use an earlier one
        if name.startswith("__") and unrendered(value):
            source = environment.from_string(value, template_class=Template)
            answers[name] = source.render(cookiecutter=answers)


def prepare(environment: Environment, /, *args: Any, **kwargs: Any) -> None:
    """Before a render with these arguments: check the answers and derive the private
    values again (``check_context``, ``derive_again``).

    Raises:
        Refused: an answer breaks its rule.
    """
    context = dict(*args, **kwargs)
    check_context(context)
    derive_again(context, environment)


class CheckedTemplate(Template):
    """A template that checks the answers it is rendered with before rendering."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        prepare(self.environment, *args, **kwargs)
        return super().render(*args, **kwargs)


def settings(env: Environment) -> tuple[Any, ...]:
    """The environment's settings that compiled template code depends on."""
    return (
        env.block_start_string, env.block_end_string, env.variable_start_string,
        env.variable_end_string, env.comment_start_string, env.comment_end_string,
        env.line_statement_prefix, env.line_comment_prefix, env.trim_blocks,
        env.lstrip_blocks, env.newline_sequence, env.keep_trailing_newline,
        env.optimized, env.autoescape, env.undefined, env.is_async, tuple(env.extensions),
    )  # fmt: skip


class CompiledTemplates(BytecodeCache):
    """Each template file's compiled code, kept for the process and used again while its
    source is unchanged (jinja2 checks the source's checksum): a process that renders many
    projects (``update``, the tests) compiles each template file once, not once a project.
    Kept apart per environment settings, which the compiled code depends on."""

    LIMIT = 4096

    def __init__(self) -> None:
        self.code: dict[tuple[str, tuple[Any, ...]], bytes] = {}

    @staticmethod
    def _key(bucket: Bucket) -> tuple[str, tuple[Any, ...]]:
        return bucket.key, settings(bucket.environment)

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self.code.get(self._key(bucket))
        if code is not None:
            bucket.bytecode_from_string(code)  # reset by jinja2 if the checksum differs

    def dump_bytecode(self, bucket: Bucket) -> None:
        if len(self.code) >= self.LIMIT:
            self.code.clear()
        self.code[self._key(bucket)] = bucket.bytecode_to_string()


COMPILED = CompiledTemplates()


class CompiledTexts:
    """The compiled code of each template text given as a string (``from_string``), kept for
    the process: cookiecutter compiles every file and folder name and every default of
    ``cookiecutter.json`` so, once per render, and those texts never change. jinja2 caches
    only the templates its loader reads (``CompiledTemplates`` above); this does the same
    for the texts: a quarter of a render's time in a process that renders many.
    Kept apart per environment settings, which the compiled code depends on."""

    LIMIT = 16384

    def __init__(self) -> None:
        self.code: dict[tuple[str, tuple[Any, ...]], CodeType] = {}

    def compile_for(self, environment: Environment) -> Callable[..., Any]:
        """``environment.compile``, taking a text's code from here when it has one."""
        compile_ = environment.compile

        def compile_once(source: Any, name: Any = None, filename: Any = None,
                         raw: Any = False, defer_init: bool = False) -> Any:  # fmt: skip
            if not isinstance(source, str) or name or filename or raw or defer_init:
                return compile_(source, name, filename, raw, defer_init)
            key = (source, settings(environment))
            code = self.code.get(key)
            if code is None:
                if len(self.code) >= self.LIMIT:
                    self.code.clear()
                code = self.code[key] = compile_(source)
            return code

        return compile_once


TEXTS = CompiledTexts()


class PlainText:
    """A text given as a string that holds no Jinja syntax and no line break: it renders
    to itself, so nothing is compiled. cookiecutter renders every folder's full path (the
    output folder's included, so no two projects share one) and every file name this way,
    most of them plain: compiling them was a quarter of a render's time. Its render checks
    the answers as a template's does."""

    def __init__(self, environment: Environment, text: str) -> None:
        self.environment, self.text = environment, text

    def render(self, *args: Any, **kwargs: Any) -> str:
        prepare(self.environment, *args, **kwargs)
        return self.text


def is_plain(environment: Environment, text: str) -> bool:
    """Whether ``text`` holds none of ``environment``'s Jinja syntax and no line break
    (which Jinja would normalise): what it renders is the text itself."""
    marks = (
        environment.block_start_string, environment.variable_start_string,
        environment.comment_start_string, environment.line_statement_prefix,
        environment.line_comment_prefix, "\n", "\r",
    )  # fmt: skip
    return not any(mark and mark in text for mark in marks)


def from_string_for(environment: Environment) -> Callable[..., Any]:
    """``environment.from_string``, giving a ``PlainText`` for a plain text."""
    from_string = environment.from_string

    def plain_or_template(source: Any, globals: Any = None, template_class: Any = None) -> Any:  # noqa: A002
        if globals is None and template_class is None and isinstance(source, str):
            if is_plain(environment, source):
                return PlainText(environment, source)
        return from_string(source, globals, template_class)

    return plain_or_template


class AnswerChecks(Extension):
    """List in ``_extensions``: check every render's answers; offer ``fc_template_dir()``,
    ``fc_facts`` and the ``fc_cpu`` and ``yaml_escape`` filters."""

    def __init__(self, environment: Environment) -> None:
        super().__init__(environment)
        environment.template_class = CheckedTemplate
        environment.bytecode_cache = COMPILED
        environment.compile = TEXTS.compile_for(environment)  # type: ignore[method-assign]
        environment.from_string = from_string_for(environment)  # type: ignore[method-assign]
        environment.globals["fc_template_dir"] = os.getcwd
        environment.globals["fc_facts"] = facts
        environment.filters["fc_cpu"] = facts.cpu_for
        environment.filters["yaml_escape"] = yaml_escape
