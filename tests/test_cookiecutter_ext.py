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


@pytest.mark.parametrize(
    "text", ["code/app", "/tmp/out/{x}/a}}b%}", "{{ a }}/b", "{# c #}x", "{% if a %}y{% endif %}",
             "one\ntwo\n", "r\r\nn", ""],
)  # fmt: skip
def test_a_text_renders_as_jinja_renders_it(text):
    """Plain texts (most file and folder names) are not compiled: each renders to itself,
    as Jinja would render it; a text with any syntax or a line break goes to Jinja."""
    from jinja2 import Environment

    from fc_template.cookiecutter_ext import AnswerChecks

    ours = Environment(extensions=[AnswerChecks]).from_string(text).render(a=1)
    assert ours == Environment().from_string(text).render(a=1)


def test_a_plain_name_checks_the_answers_too():
    with pytest.raises(Refused, match="timeout: must be a whole number"):
        render("code/app", cookiecutter={**PRIVATE, "timeout": "0"})


def test_answers_that_passed_do_not_let_a_changed_answer_pass(tmp_path):
    """The template's checks are kept per answers: the same answers with one changed are
    checked again (a replay's answers against the template's own cookiecutter.json)."""
    from conftest import ROOT

    given = {"project_slug": "demo", "function_name": "demo", "oss_bucket": "demo", "timeout": "60"}
    chosen = {key: value[0] for key, value in SPEC.items() if isinstance(value, list) and value}
    answers = {**SPEC, **chosen, **given, "_repo_dir": str(ROOT)}
    assert render("{{ cookiecutter.timeout }}", cookiecutter=answers) == "60"
    assert render("{{ cookiecutter.timeout }}", cookiecutter=dict(answers)) == "60"
    with pytest.raises(Refused, match=r"timeout: .* \(got 0\)"):
        render("code/app", cookiecutter={**answers, "timeout": "0"})
    with pytest.raises(Refused, match="framework: must be one of"):
        render("x", cookiecutter={**answers, "framework": "rails"})
