"""The Jinja extension as a unit: what it checks on a render, and what it leaves alone."""

from __future__ import annotations

import pytest
from conftest import SPEC
from cookiecutter.utils import create_env_with_context

from fc_template.cookiecutter_ext import Refused, check_context

PRIVATE = {key: value for key, value in SPEC.items() if key.startswith("_")}


def render(template: str, **context) -> str:
    env = create_env_with_context({"cookiecutter": SPEC})
    return env.from_string(template).render(**context)


def test_a_render_with_a_bad_answer_ends_the_run_in_one_line():
    with pytest.raises(Refused) as refused:
        render("x", cookiecutter={**PRIVATE, "timeout": "0"})
    assert isinstance(refused.value, SystemExit)
    assert refused.value.code == "error: timeout: must be a whole number in 1-86400 s (got 0)"


def test_a_render_with_good_answers_renders():
    assert render("{{ cookiecutter.timeout }}", cookiecutter={**PRIVATE, "timeout": "60"}) == "60"


def test_a_choice_is_checked_when_cookiecutter_kept_the_options():
    """A replay file can hold any value; plain cookiecutter keeps the lists in _cookiecutter."""
    options = {key: value for key, value in SPEC.items() if not key.startswith("_")}
    context = {"cookiecutter": {**PRIVATE, "framework": "rails"}, "_cookiecutter": options}
    with pytest.raises(Refused, match="framework: must be one of flask"):
        check_context(context)


@pytest.mark.parametrize(
    "context",
    [
        {},  # not a cookiecutter render
        {"cookiecutter": {"timeout": "0"}},  # another template (no _rules)
        {"cookiecutter": {**PRIVATE, "function_name": "{{ cookiecutter.project_name }}"}},
        {"cookiecutter": {**PRIVATE, "initializer": False, "initializer_timeout": "0"}},
    ],
    ids=["no-answers", "other-template", "unrendered-default", "declined-hook"],
)
def test_left_alone(context):
    check_context(context)


def test_hooks_get_the_template_folder_as_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert render("{{ fc_template_dir() }}") == str(tmp_path)


@pytest.mark.parametrize(
    ("text", "escaped"),
    [('say "hi"', 'say \\"hi\\"'), ("a\\b", "a\\\\b"), ("one\ntwo\tthree", "one\\ntwo\\tthree"),
     ("函数 “x” <b>&", "函数 “x” <b>&")],
)  # fmt: skip
def test_yaml_escape_reads_back_as_the_text(text, escaped):
    import yaml

    from fc_template.cookiecutter_ext import yaml_escape

    assert yaml_escape(text) == escaped
    assert yaml.safe_load(f'k: "{yaml_escape(text)}"')["k"] == text


def test_a_text_compiled_once_renders_by_each_environments_own_settings():
    """Texts' compiled code is kept for the process (file names, defaults), apart per
    environment settings: another environment's delimiters read the same text otherwise."""
    from jinja2 import Environment

    from fc_template.cookiecutter_ext import AnswerChecks

    text = "{{ a }}[[ a ]]"
    square = {"variable_start_string": "[[", "variable_end_string": "]]"}
    plain = Environment(extensions=[AnswerChecks])
    other = Environment(extensions=[AnswerChecks], **square)
    assert plain.from_string(text).render(a=1) == "1[[ a ]]"
    assert other.from_string(text).render(a=1) == "{{ a }}1"
    assert plain.from_string(text).render(a=2) == "2[[ a ]]"
    assert plain.from_string(text + "!").render(a=3) == "3[[ a ]]!"
