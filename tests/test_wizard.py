"""``fc_lifecycle.wizard``: questions built from data, driven through a pipe."""

from __future__ import annotations

import re

import pytest
from fc_lifecycle.errors import Aborted
from fc_lifecycle.options import Questions
from fc_lifecycle.wizard import Wizard
from helpers.wizard import CLEAR, CTRL_C, DOWN, ENTER, SPACE, keys_by_name

SPEC = {
    "_wizard": {
        "hidden": ["slug"],
        "advanced": ["memory"],
        "hooks": {"start": "start_timeout", "stop": "stop_timeout"},
        "hook_labels": {"start": "Start hook", "stop": "Stop hook"},
    },
    "name": "My App",
    "slug": "{{ cookiecutter.name|slugify }}",
    "kind": ["web", "job"],
    "start": True,
    "start_timeout": "30",
    "stop": True,
    "stop_timeout": "10",
    "memory": "512",
    "__prompts__": {"name": "Name", "slug": "Folder", "kind": {"__prompt__": "Kind"}},
}


def check(name: str, value):
    if name == "slug" and not re.fullmatch(r"[a-z0-9-]+", str(value)):
        raise ValueError(f"{name}: must be a folder name")
    if name.endswith("timeout") and not str(value).isdigit():
        raise ValueError(f"{name}: must be a number")
    return value


def ask(keys: dict[str, str], given: dict | None = None) -> dict:
    """Run the wizard, typing ``keys`` by question name (Enter at the others)."""
    with keys_by_name(SPEC, keys):
        wizard = Wizard(Questions(SPEC), check)
        return wizard.ask(given or {})


def test_defaults_leave_hidden_and_advanced_questions_to_their_defaults():
    answers = ask({})
    assert answers == {"name": "My App", "kind": "web", "start": True,
                       "start_timeout": "30", "stop": True, "stop_timeout": "10"}  # fmt: skip


def test_hidden_question_is_asked_when_its_derived_value_breaks_its_rule():
    answers = ask({"name": CLEAR + "!!!" + ENTER, "slug": "shop" + ENTER})
    assert (answers["name"], answers["slug"]) == ("!!!", "shop")


def test_a_hook_switched_off_skips_its_timeout():
    answers = ask({"hooks": DOWN + SPACE + ENTER})
    assert (answers["start"], answers["stop"]) == (True, False)
    assert "stop_timeout" not in answers


def test_bad_text_is_asked_again():
    answers = ask({"start_timeout": CLEAR + "soon" + ENTER + CLEAR + "5" + ENTER})
    assert answers["start_timeout"] == "5"


def test_advanced_questions_when_wanted():
    answers = ask({"advanced": "y", "memory": CLEAR + "1024" + ENTER})
    assert answers["memory"] == "1024"


def test_given_answers_are_not_asked():
    answers = ask({}, {"name": "Given", "kind": "job", "start": False, "stop": False})
    assert answers["kind"] == "job" and "slug" not in answers


@pytest.mark.parametrize("question", ["name", "kind", "hooks"])
def test_ctrl_c_is_aborted(question):
    with pytest.raises(Aborted):
        ask({question: CTRL_C})
