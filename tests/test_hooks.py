"""The answer rules (``fc_template.rules``) and the post-generation hook's steps, as units."""

from __future__ import annotations

import importlib.util
import json
import stat

import pytest
from conftest import ROOT, SPEC

from fc_template import rules


def load_hook(name: str):
    """Import a hook file by path: it is valid Python before rendering."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "hooks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


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


def test_keep_variant_moves_the_chosen_framework_up(tmp_path):
    for framework in ("flask", "none"):
        folder = tmp_path / "code" / "_variants" / framework / "pkg"
        folder.mkdir(parents=True)
        (folder / f"{framework}.py").write_text(framework)
    post.keep_variant(str(tmp_path / "code"), ["flask", "http"])
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.py")) == [
        "code/pkg/flask.py"
    ]


def test_keep_variant_also_moves_a_folder_shared_by_the_framework(tmp_path):
    for name in ("flask+django", "fastapi", "django"):
        folder = tmp_path / "code" / "_variants" / name
        folder.mkdir(parents=True)
        (folder / f"{name}.py").write_text(name)
    post.keep_variant(str(tmp_path / "code"), ["django", "http"])
    assert sorted(p.name for p in tmp_path.rglob("*.py")) == ["django.py", "flask+django.py"]


def test_keep_variant_moves_a_folder_of_all_its_keys_last(tmp_path):
    files = {"flask": "routes.py", "event": "handler.py", "event&flask": "routes.py",
             "event&django": "routes.py", "flask+django": "shared.py"}  # fmt: skip
    for name, file in files.items():
        folder = tmp_path / "code" / "_variants" / name
        folder.mkdir(parents=True)
        (folder / file).write_text(name)
    post.keep_variant(str(tmp_path / "code"), ["flask", "event"])
    kept = {p.name: p.read_text() for p in (tmp_path / "code").iterdir()}
    assert kept == {"routes.py": "event&flask", "handler.py": "event", "shared.py": "flask+django"}


def test_a_function_types_file_replaces_its_frameworks(tmp_path):
    for name in ("event", "none"):
        folder = tmp_path / "code" / "_variants" / name
        folder.mkdir(parents=True)
        (folder / "README.md").write_text(name)
    post.keep_variant(str(tmp_path / "code"), ["none", "event"])
    assert (tmp_path / "code" / "README.md").read_text() == "event"


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
