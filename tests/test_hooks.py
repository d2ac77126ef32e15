"""The answer rules (``fc_template.rules``) and the post-generation hook's steps, as units."""

from __future__ import annotations

import json
import os
import stat

import pytest
from conftest import ROOT, SPEC
from helpers.modules import load_module

from fc_template import rules


def load_hook(name: str):
    """Import a hook file by path: it is valid Python before rendering."""
    return load_module(ROOT / "hooks" / f"{name}.py", name)


post = load_hook("post_gen_project")

VALID = [
    ("function_name", "_a"),
    ("function_name", "a" * 64),
    ("function_name", "My-func_2"),
    ("project_slug", "my-app.v2"),
    ("initializer_timeout", "1"),
    ("initializer_timeout", 300),
    ("pre_stop_timeout", "90"),
    ("memory_size", "128"),
    ("memory_size", 32768),
    ("timeout", "86400"),
    ("instance_concurrency", "200"),
    ("framework", "none"),
    ("python_version", "3.9"),
    ("initializer", "no"),
    ("pre_stop", True),
]
INVALID = [
    ("function_name", "1abc", "must be 1-64 letters"),
    ("function_name", "-abc", "must be 1-64 letters"),
    ("function_name", "a" * 65, "must be 1-64 letters"),
    ("function_name", "my func", "must be 1-64 letters"),
    ("function_name", "fünf", "must be 1-64 letters"),
    ("function_name", "", "must be 1-64 letters"),
    ("project_slug", "a/b", "folder name"),
    ("project_slug", "..", "folder name"),
    ("project_slug", "-x", "folder name"),
    ("project_name", "   ", "must not be empty"),
    ("initializer_timeout", "0", "1-300 s"),
    ("initializer_timeout", "301", "1-300 s"),
    ("pre_stop_timeout", "91", "1-90 s"),
    ("pre_stop_timeout", "abc", "whole number"),
    ("timeout", "-5", "1-86400 s"),
    ("memory_size", "100", "128-32768 MB, a multiple of 64"),
    ("memory_size", "130", "a multiple of 64"),
    ("instance_concurrency", "0", "1-200"),
    ("instance_concurrency", "201", "1-200"),
    ("framework", "rails", "must be one of flask, fastapi, django, none"),
    ("python_version", "3.8", "must be one of 3.12, 3.11, 3.10, 3.9"),
    ("region", "mars-1", "must be one of cn-hangzhou"),
    ("http_auth", "jwt", "must be one of anonymous, function"),
    ("initializer", "maybe", "must be yes or no"),
]


@pytest.mark.parametrize(("name", "value"), VALID)
def test_valid_answer_is_accepted(name, value):
    rules.check(name, value, SPEC)


@pytest.mark.parametrize(("name", "value", "rule"), INVALID)
def test_invalid_answer_names_the_answer_and_the_rule(name, value, rule):
    with pytest.raises(rules.AnswerError) as error:
        rules.check(name, value, SPEC)
    message = str(error.value)
    assert message.startswith(f"{name}: ")
    assert rule in message
    assert "\n" not in message


def test_numbers_and_booleans_are_converted():
    answers = rules.check_all({"memory_size": "1024", "pre_stop": "off"}, SPEC)
    assert answers == {"memory_size": 1024, "pre_stop": False}


def test_a_declined_hooks_timeout_is_not_checked_and_recorded_as_the_default():
    answers = rules.check_all({"initializer": "no", "initializer_timeout": "abc"}, SPEC)
    assert answers == {"initializer": False, "initializer_timeout": 30}


def test_an_accepted_hooks_timeout_is_checked():
    with pytest.raises(rules.AnswerError, match="^pre_stop_timeout: "):
        rules.check_all({"pre_stop": "yes", "pre_stop_timeout": "91"}, SPEC)


def test_unknown_question_is_refused():
    with pytest.raises(rules.AnswerError, match="^colour: unknown question"):
        rules.coerce("colour", "red", SPEC)


CONDITIONS = {
    "flask": {"framework": ["flask"]},
    "gunicorn": {"framework": ["flask", "django"]},
    "flask-event": {"framework": ["flask"], "function_type": ["event"]},
    "hooks": [{"initializer": [True]}, {"pre_stop": [True]}],
}


def variant_files(root, files: dict) -> None:
    for name, rel in files.items():
        (root / "_variants" / name / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / "_variants" / name / rel).write_text(name)


def test_keep_variant_moves_the_folders_whose_condition_holds(tmp_path):
    files = {"flask": "code/app.py", "gunicorn": "code/gunicorn.conf.py",
             "flask-event": "code/handler.py", "hooks": "code/lifecycle.py"}  # fmt: skip
    variant_files(tmp_path, files)
    answers = {
        "framework": "flask",
        "function_type": "http",
        "initializer": False,
        "pre_stop": True,
    }
    post.keep_variant(str(tmp_path), CONDITIONS, answers)
    kept = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    assert kept == ["code/app.py", "code/gunicorn.conf.py", "code/lifecycle.py"]


def test_a_list_of_whens_holds_when_any_does():
    assert post.holds(CONDITIONS["hooks"], {"initializer": True, "pre_stop": False})
    assert not post.holds(CONDITIONS["hooks"], {"initializer": False, "pre_stop": False})


def test_two_chosen_folders_with_one_file_are_refused_no_precedence(tmp_path):
    variant_files(tmp_path, {"flask": "code/routes.py", "flask-event": "code/routes.py"})
    with pytest.raises(post.VariantError, match="code/routes.py: in both"):
        post.keep_variant(
            str(tmp_path), CONDITIONS, {"framework": "flask", "function_type": "event"}
        )


def test_a_folder_named_after_no_condition_is_refused(tmp_path):
    variant_files(tmp_path, {"flask+django": "code/x.py"})
    with pytest.raises(post.VariantError, match="flask\\+django: no such condition"):
        post.keep_variant(str(tmp_path), CONDITIONS, {"framework": "flask"})


def test_every_variant_folder_of_the_template_names_a_condition():
    spec = json.loads((ROOT / "cookiecutter.json").read_text())
    folders = os.listdir(ROOT / "{{cookiecutter.__project_dir}}" / "_variants")
    assert sorted(folders) == sorted(spec["_conditions"])


def test_make_executable_sets_mode_755(tmp_path):
    script = tmp_path / "bootstrap"
    script.write_text("#!/bin/bash\n")
    script.chmod(0o600)
    post.make_executable([str(script)])
    assert stat.S_IMODE(script.stat().st_mode) == 0o755


@pytest.mark.parametrize(
    ("source", "remote"),
    [("gh:org/fc-lifecycle", True), ("https://x/y.git", True), ("git@h:o/r", True),
     (".", False), ("/srv/templates/fc", False)],
)  # fmt: skip
def test_is_remote(source, remote):
    assert post.is_remote(source) is remote


def test_record_answers_writes_typed_sorted_answers(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    context = {
        "_answers_file": "answers.json", "_template": "gh:o/r", "_version": "7",
        "_checkout": None, "memory_size": "256", "framework": "none", "pre_stop": False,
    }  # fmt: skip
    post.record_answers(context, str(ROOT))
    text = (tmp_path / "answers.json").read_text()
    record = json.loads(text)
    assert text.endswith("}\n")
    assert list(record["answers"]) == sorted(record["answers"])
    assert record["answers"] == {"framework": "none", "memory_size": 256, "pre_stop": False}
    assert record["template"]["source"] == "gh:o/r"
    assert record["template"]["version"] == "7"


@pytest.mark.parametrize(
    ("given", "recorded"),
    [
        ("gh:o/r", "gh:o/r"),  # remote: as given
        ("git+file:///srv/fc", "git+file:///srv/fc"),
        ("/srv/fc", "/srv/fc"),  # absolute (cruft always gives a local path absolute)
        (".", "/tmp/unpacked"),  # relative: the folder cookiecutter rendered from
        ("../fc", "/tmp/unpacked"),
        ("fc.zip", ""),  # a zip is unpacked into a temporary folder: nothing to record
        ("/srv/fc-1.zip", "/srv/fc-1.zip"),
    ],
)
def test_template_source_is_what_the_user_gave_never_a_temporary_folder(given, recorded):
    assert post.template_source({"_template": given}, "/tmp/unpacked") == recorded


def test_template_commit_prefers_cruft_commit_and_skips_zips():
    assert post.template_commit_of({"_commit": "abc"}, str(ROOT), "/x") == "abc"
    assert post.template_commit_of({}, str(ROOT), "/srv/fc.zip") == ""
