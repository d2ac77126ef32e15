"""Answers in ``update``: the no-op, derived defaults with --no-input, the wizard for new ones."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import ROOT
from fc_lifecycle import answers, update
from fc_lifecycle.answers import Answers
from fc_lifecycle.cli import main
from fc_lifecycle.options import Questions
from helpers.checks import counted_checks
from helpers.update_repo import (
    SLUG,
    commit_all,
    generate,
    release_v2,
    tree,
)
from helpers.wizard import ENTER, keys_by_name

# The template repository (tagged v1) and git isolated from the user's, as for every update.
pytestmark = pytest.mark.usefixtures("isolated_git")

SPEC = json.loads((ROOT / "cookiecutter.json").read_text(encoding="utf-8"))


def recorded(project: Path) -> dict:
    return json.loads((project / answers.FILE).read_text())["answers"]


def test_nothing_to_change_is_up_to_date_and_writes_nothing(template, tmp_path, capsys):
    project = generate(template, tmp_path / "p")
    before = tree(project)
    stamp = (project / answers.FILE).stat().st_mtime_ns
    capsys.readouterr()
    assert main(["update", str(project), "--template", str(template), "--no-input"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("up to date") and "updated" not in out
    assert tree(project) == before
    assert (project / answers.FILE).stat().st_mtime_ns == stamp


def test_no_input_renders_a_missing_derived_answer_like_cookiecutter(template, tmp_path):
    project = generate(template, tmp_path / "p", project_name="9 Lives")
    path = project / answers.FILE
    record = json.loads(path.read_text())
    assert record["answers"].pop("function_name") == "fn-9-lives"
    path.write_text(json.dumps(record))
    commit_all(project)
    assert main(["update", str(project), "--template", str(template), "--no-input"]) == 0
    assert recorded(project)["function_name"] == "fn-9-lives"


def test_no_terminal_needed_when_only_a_derived_answer_is_missing(template, tmp_path):
    project = generate(template, tmp_path / "p", project_name="Shop")
    path = project / answers.FILE
    record = json.loads(path.read_text())
    del record["answers"]["project_slug"]
    path.write_text(json.dumps(record))
    commit_all(project)
    assert main(["update", str(project), "--template", str(template)]) == 0
    assert recorded(project)["project_slug"] == "shop"


def add_question(repo: Path) -> None:
    """A new text question whose default is derived from the project name."""
    spec = repo / "cookiecutter.json"
    question = '"log_name": "{{ cookiecutter.project_name|slugify }}-log",'
    # Before the http_auth question (two spaces in), not its rule in _rules.
    text = spec.read_text().replace('\n  "http_auth":', f'\n  {question}\n  "http_auth":')
    spec.write_text(text)
    yaml = repo / SLUG / "s.yaml"
    yaml.write_text(yaml.read_text() + "# log: {{ cookiecutter.log_name }}\n")


def run_update(project: Path, template: Path, keys: dict[str, str], ask: str) -> update.Result:
    """Update with the wizard, typing ``keys`` by question name (Enter at the others) of the
    template it updates to."""
    spec = json.loads((template / "cookiecutter.json").read_text(encoding="utf-8"))
    with keys_by_name(spec, keys):
        return update.update(update.Options(project, str(template), ask=ask))


def test_new_question_is_asked_by_the_wizard_with_its_rendered_default(template, tmp_path):
    project = generate(template, tmp_path / "p", project_name="Shop")
    release_v2(template, add_question)
    result = run_update(project, template, {"log_name": ENTER}, "new")
    assert result.outcome.clean
    assert recorded(project)["log_name"] == "shop-log"
    assert (project / "s.yaml").read_text().endswith("# log: shop-log\n")


def test_no_input_takes_the_new_questions_rendered_default(template, tmp_path):
    project = generate(template, tmp_path / "p", project_name="Shop")
    release_v2(template, add_question)
    assert main(["update", str(project), "--template", str(template), "--no-input"]) == 0
    assert recorded(project)["log_name"] == "shop-log"


def test_interactive_offers_the_recorded_answers_as_defaults(template, tmp_path):
    project = generate(template, tmp_path / "p", framework="none", python_version="3.10")
    before = tree(project)
    # Enter at every question takes the recorded answer; no advanced settings.
    result = run_update(project, template, {"advanced": "n"}, "all")
    assert result.up_to_date
    assert tree(project) == before


def test_layers_recorded_then_given_then_rendered_defaults():
    questions = Questions(
        {"name": "x", "slug": "{{ cookiecutter.name|slugify }}", "kind": ["a", "b"]}
    )
    layered = Answers.recorded(questions, {"name": "My App", "gone": 1}).with_(kind="b")
    assert layered == {"name": "My App", "kind": "b"}
    assert layered.completed() == {"name": "My App", "kind": "b", "slug": "my-app"}


def test_as_defaults_puts_the_current_choice_first():
    questions = Questions({"kind": ["a", "b", "c"], "n": 1, "_private": 2})
    assert Answers(questions, {"kind": "c", "n": 5, "_private": 9}).as_defaults().spec == {
        "kind": ["c", "a", "b"],
        "n": 5,
        "_private": 2,
    }


def test_as_defaults_offers_an_event_functions_recorded_framework_not_none():
    event = {"function_type": "event"}
    assert Questions(SPEC).default("framework", event) == "none"
    shown = Answers(Questions(SPEC), {**event, "framework": "flask"}).as_defaults()
    assert shown.default("framework", event) == "flask"
    assert shown.default("framework", {}) == "flask"


def test_malformed_answers_file_is_one_line(tmp_path):
    (tmp_path / answers.FILE).write_text("[]")
    with pytest.raises(answers.UserError, match="needs 'answers' and 'template'"):
        answers.read(tmp_path)


def loosen_function_names(repo: Path) -> None:
    """v2 allows dots in function names (the bundled template does not)."""
    spec = repo / "cookiecutter.json"
    spec.write_text(spec.read_text().replace("[A-Za-z0-9_-]{0,63}", "[A-Za-z0-9._-]{0,63}"))


def test_given_answers_are_checked_once_against_the_target(template, tmp_path, monkeypatch):
    """A flag the bundled template would refuse but the target accepts is taken, and each
    given answer is checked once: not against the bundled template, not again to render."""
    project = generate(template, tmp_path / "p")
    release_v2(template, loosen_function_names)
    calls = counted_checks(monkeypatch)
    argv = ["update", str(project), "--template", str(template), "--no-input"]
    assert main([*argv, "--function-name", "my.fn"]) == 0
    assert recorded(project)["function_name"] == "my.fn"
    assert calls.count("function_name") == 1


def test_a_bad_answer_for_the_target_names_the_flag(template, tmp_path, capsys):
    project = generate(template, tmp_path / "p")
    release_v2(template, loosen_function_names)
    before = tree(project)
    argv = ["update", str(project), "--template", str(template), "--no-input"]
    assert main([*argv, "--function-name", "my fn"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: --function-name: must be 1-64") and err.count("\n") == 1
    assert tree(project) == before
