"""The flags generated from cookiecutter.json and the answers they yield."""

from __future__ import annotations

import argparse

import pytest
from fc_lifecycle.answer_flags import add_answer_flags, answers_from_args
from fc_lifecycle.errors import UserError

SPEC = {"_rules": {}, "name": "x", "framework": ["flask", "none"], "pre_stop": True}


def parse(*argv: str) -> dict:
    parser = argparse.ArgumentParser()
    add_answer_flags(parser, SPEC)
    return answers_from_args(parser.parse_args(list(argv)), SPEC)


def test_only_given_flags_are_answers():
    assert parse("--framework", "none") == {"framework": "none"}


def test_bool_flag_has_a_negative_form():
    assert parse("--no-pre-stop") == {"pre_stop": False}


def test_choice_flag_passes_the_value_on_for_the_rules_to_check():
    assert parse("--framework", "rails") == {"framework": "rails"}


def test_set_wins_over_named_flag():
    assert parse("--name", "a", "--set", "name=b") == {"name": "b"}


def test_set_unknown_question_is_a_user_error():
    with pytest.raises(UserError, match="--set nope: unknown question"):
        parse("--set", "nope=1")


def test_set_without_equals_is_a_user_error():
    with pytest.raises(UserError, match="KEY=VALUE"):
        parse("--set", "name")


def test_set_may_name_other_questions_when_not_known_only():
    parser = argparse.ArgumentParser()
    add_answer_flags(parser, SPEC)
    args = parser.parse_args(["--set", "later=1"])
    assert answers_from_args(args, SPEC, known_only=False) == {"later": "1"}
