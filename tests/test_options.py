"""``fc_lifecycle.options``: the typed view of cookiecutter.json."""

from __future__ import annotations

import pytest
from conftest import SPEC
from fc_lifecycle.options import Questions

TINY = {
    "_wizard": {"hidden": ["slug"], "advanced": ["memory"], "hooks": {"stop": "stop_timeout"}},
    "name": "My App",
    "slug": "{{ cookiecutter.name|slugify }}",
    "kind": ["web", "job"],
    "stop": True,
    "stop_timeout": 10,
    "memory": 512,
    "__prompts__": {"name": "Project name", "kind": {"__prompt__": "Kind", "web": "A web app"}},
}


def test_questions_in_order_without_private_keys():
    assert Questions(TINY).names() == ["name", "slug", "kind", "stop", "stop_timeout", "memory"]


def test_labels_plain_and_with_choices():
    questions = Questions(TINY)
    assert questions.label("name") == "Project name"
    assert questions.label("kind") == "Kind"
    assert questions["kind"].choice_labels == {"web": "A web app"}
    assert questions.label("memory") == "memory"  # no prompt: the name


def test_kinds_defaults_and_flags():
    questions = Questions(TINY)
    assert questions["stop"].is_yes_no and not questions["memory"].is_yes_no
    assert questions["kind"].first == "web" and questions["memory"].first == 512
    assert questions["stop_timeout"].flag == "--stop-timeout"


def test_layout():
    questions = Questions(TINY)
    assert (questions.hidden, questions.advanced) == (["slug"], ["memory"])
    assert questions.lifecycle_hooks == {"stop": "stop_timeout"}
    assert questions.unused({"stop": False}) == {"stop_timeout"}
    assert questions.unused({"stop": True}) == set()


def test_derived_default_follows_the_answers():
    questions = Questions(TINY)
    assert questions.render_default("slug", {"name": "Shop Two"}) == "shop-two"
    assert questions.completed({"name": "X Y"})["slug"] == "x-y"
    assert questions.completed({})["kind"] == "web"


@pytest.mark.parametrize("name", [k for k in SPEC if not k.startswith("_")])
def test_every_template_question_has_a_label(name):
    assert Questions(SPEC).label(name) != name
