"""The template under pytest-cookies, the convention for testing cookiecutter templates."""

from __future__ import annotations

import json

import pytest
from conftest import FRAMEWORKS, ROOT


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_bake_with_defaults_and_a_framework(cookies, framework):
    result = cookies.bake(template=str(ROOT), extra_context={"framework": framework})
    assert result.exception is None and result.exit_code == 0
    assert result.project_path.name == "fc-lifecycle-app"
    record = json.loads((result.project_path / ".fc-lifecycle.json").read_text())
    assert record["answers"]["framework"] == framework
    assert record["template"]["source"] == str(ROOT)
    assert result.context["framework"] == framework


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"memory_size": 130}, "error: memory_size: must be a whole number in 128-32768 MB"),
        ({"function_name": "1abc"}, "error: function_name: must be 1-64 letters"),
        ({"project_slug": ".."}, "error: project_slug: must be a folder name"),
        ({"pre_stop_timeout": "91"}, "error: pre_stop_timeout: must be a whole number in 1-90"),
    ],
)
def test_a_refused_bake_carries_the_one_line_message(cookies, answers, message):
    result = cookies.bake(template=str(ROOT), extra_context=answers)
    assert str(result.exception).startswith(message)
    assert "\n" not in str(result.exception)
    assert result.exit_code == str(result.exception)  # pytest-cookies keeps SystemExit's code
    assert result.project_path is None


def test_a_declined_hooks_timeout_is_ignored(cookies):
    result = cookies.bake(
        template=str(ROOT), extra_context={"initializer": False, "initializer_timeout": 0}
    )
    assert result.exception is None
    record = json.loads((result.project_path / ".fc-lifecycle.json").read_text())
    assert record["answers"]["initializer_timeout"] == 30
    assert "initializer" not in (result.project_path / "s.yaml").read_text()


def test_a_bad_choice_is_refused_by_cookiecutter_itself(cookies):
    result = cookies.bake(template=str(ROOT), extra_context={"framework": "rails"})
    assert isinstance(result.exception, ValueError)
    assert "rails provided for choice variable framework" in str(result.exception)
