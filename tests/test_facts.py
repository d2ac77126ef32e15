"""``fc_template.facts``: the one table of FC facts agrees with the template's data."""

from __future__ import annotations

import json

import pytest
import yaml
from conftest import ROOT, SPEC
from fc_lifecycle.render import render

from fc_template import facts, rules

SCHEMAS = ROOT / "generator" / "fc_lifecycle" / "schemas"


# Each numeric question, the fact its range comes from, and a value just past each end.
NUMBERS = [("memory_size", "memorySize"), ("timeout", "timeout"),
           ("instance_concurrency", "instanceConcurrency"),
           ("initializer_timeout", "initializer"), ("pre_stop_timeout", "pre_stop")]  # fmt: skip


@pytest.mark.parametrize(("question", "fact"), NUMBERS)
def test_answer_ranges_come_from_the_facts(question, fact, monkeypatch):
    """cookiecutter.json names the fact and holds no number; the rules follow the fact."""
    rule = SPEC["_rules"][question]
    assert rule["range"] == fact and not {"min", "max", "multiple_of"} & set(rule)
    low, high, step = facts.answer_range(fact)
    assert rules.check(question, str(high), SPEC) == high
    for bad in (low - 1, high + step):
        with pytest.raises(rules.AnswerError, match=f"{low}-{high}"):
            rules.check(question, str(bad), SPEC)
    narrower = {**facts.RANGES, **{fact: facts.Range(low, high - step, step)}}
    monkeypatch.setattr(facts, "RANGES", narrower)
    hooks = {h: v._replace(max_timeout=high - step) if h == fact else v
             for h, v in facts.HOOKS.items()}  # fmt: skip
    monkeypatch.setattr(facts, "HOOKS", hooks)
    with pytest.raises(rules.AnswerError, match=f"{low}-{high - step}"):
        rules.check(question, str(high), SPEC)


@pytest.mark.parametrize(("question", "fact"), NUMBERS)
def test_wizard_labels_name_the_facts_range(question, fact):
    """The prompts are plain text (plain cookiecutter shows them unrendered): they must
    name the range the rules apply."""
    low, high, _step = facts.answer_range(fact)
    assert f"{low}-{high}" in SPEC["__prompts__"][question]


def test_an_earlier_templates_explicit_range_still_applies():
    """Earlier template versions (rendered by ``update``) carry min/max in ``_rules``."""
    old = {**SPEC, "_rules": {"memory_size": {"min": 128, "max": 1024, "multiple_of": 64}}}
    assert rules.check("memory_size", "1024", old) == 1024
    with pytest.raises(rules.AnswerError, match="128-1024, a multiple of 64"):
        rules.check("memory_size", "1088", old)


@pytest.mark.parametrize("hook", sorted(facts.HOOKS))
def test_hook_timeout_questions_are_the_hooks(hook):
    assert SPEC["_wizard"]["hooks"][hook] == f"{hook}_timeout"


def test_template_port_comes_from_the_facts(tmp_path, monkeypatch):
    """No copy of the port in cookiecutter.json: s.yaml and the bootstrap read
    ``fc_facts.PORT`` through the Jinja extension (``fc_support`` holds no Jinja: its copy is
    checked against the facts below)."""
    assert "_port" not in SPEC
    monkeypatch.setattr(facts, "PORT", 9123)
    project = render(ROOT, {"framework": "none"}, tmp_path)
    data = yaml.safe_load((project / "s.yaml").read_text())
    (props,) = [r["props"] for r in data["resources"].values()]
    assert props["customRuntimeConfig"]["port"] == 9123
    assert ":-9123}}" in (project / "code" / "bootstrap").read_text()


def test_fc_supports_default_port_is_the_facts():
    """``fc_support`` is the same in every project, so its default port is a literal: FC's."""
    settings = ROOT / "{{cookiecutter.__project_dir}}" / "code" / "fc_support" / "settings.py"
    assert f"DEFAULT_PORT = {facts.PORT}\n" in settings.read_text()


@pytest.mark.parametrize("memory", [128, 512, 1024, 1600, 2048, 3072, 32768])
def test_template_cpu_follows_the_rule(tmp_path, memory):
    project = render(ROOT, {"memory_size": memory}, tmp_path)
    data = yaml.safe_load((project / "s.yaml").read_text())
    (props,) = [r["props"] for r in data["resources"].values()]
    assert props["cpu"] == pytest.approx(facts.cpu_for(memory))
    assert facts.cpu_problem(props["cpu"], memory) is None


@pytest.mark.parametrize(
    ("cpu", "memory", "problem"),
    [(0.33, 512, "multiple of 0.05"), (2.0, 1024, "1:1 to 1:4"), (0.05, 1024, "1:1 to 1:4"),
     (0.25, 512, None)],
)  # fmt: skip
def test_cpu_problem(cpu, memory, problem):
    found = facts.cpu_problem(cpu, memory)
    assert (found is None) if problem is None else problem in found


def test_range_membership():
    assert 512 in facts.RANGES["memorySize"]
    assert 100 not in facts.RANGES["memorySize"] and 130 not in facts.RANGES["memorySize"]
    assert True not in facts.RANGES["timeout"]


@pytest.mark.parametrize("prop", sorted(facts.RANGES))
def test_schema_ranges_are_fcs(prop):
    schema = json.loads((SCHEMAS / "s-yaml.schema.json").read_text())
    found = schema["$defs"]["function"]["properties"][prop]
    fact = facts.RANGES[prop]
    assert (found["minimum"], found["maximum"], found.get("multipleOf", 1)) == tuple(fact)


def test_schema_cpu_range_is_fcs():
    schema = json.loads((SCHEMAS / "s-yaml.schema.json").read_text())
    cpu = schema["$defs"]["function"]["properties"]["cpu"]
    assert (cpu["minimum"], cpu["maximum"]) == facts.CPU_RANGE
