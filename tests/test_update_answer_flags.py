"""The flags generated from cookiecutter.json and the answers they yield."""

from __future__ import annotations

import argparse

import pytest
from fc_lifecycle.answer_flags import add_answer_flags, answers_from_args, typed_names
from fc_lifecycle.answers import Answers
from fc_lifecycle.errors import UserError
from fc_lifecycle.options import Questions

QUESTIONS = Questions({"_rules": {}, "name": "x", "framework": ["flask", "none"], "pre_stop": True})


def parse(*argv: str) -> dict:
    parser = argparse.ArgumentParser()
    add_answer_flags(parser, QUESTIONS)
    return answers_from_args(parser.parse_args(list(argv)), QUESTIONS)


def given(*argv: str) -> Answers:
    """The answers as ``new`` and ``update`` check them, against the same questions."""
    parser = argparse.ArgumentParser()
    add_answer_flags(parser, QUESTIONS)
    args = parser.parse_args(list(argv))
    return Answers.given(
        QUESTIONS, answers_from_args(args, QUESTIONS), typed_names(args, QUESTIONS)
    )


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
        given("--set", "nope=1")


def test_set_without_equals_is_a_user_error():
    with pytest.raises(UserError, match="KEY=VALUE"):
        parse("--set", "name")


def test_set_may_name_questions_of_another_template():
    # update checks them against the template it updates to, which may have new questions
    assert parse("--set", "later=1") == {"later": "1"}
