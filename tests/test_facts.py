"""``fc_template.facts``: the one table of FC facts agrees with the template's data."""

from __future__ import annotations

import json

import pytest
import yaml
from conftest import ROOT, SPEC
from fc_lifecycle.render import render

from fc_template import facts

SCHEMAS = ROOT / "generator" / "fc_lifecycle" / "schemas"
# cookiecutter.json's answer names for the s.yaml properties of facts.RANGES
ANSWER_OF = {"memorySize": "memory_size", "timeout": "timeout",
             "instanceConcurrency": "instance_concurrency"}  # fmt: skip


@pytest.mark.parametrize("prop", sorted(facts.RANGES))
def test_answer_ranges_are_fcs(prop):
    rule, fact = SPEC["_rules"][ANSWER_OF[prop]], facts.RANGES[prop]
    assert (rule["min"], rule["max"], rule.get("multiple_of", 1)) == tuple(fact)


@pytest.mark.parametrize("hook", sorted(facts.HOOKS))
def test_hook_timeout_answers_stop_at_fcs_limit(hook):
    assert SPEC["_rules"][f"{hook}_timeout"]["max"] == facts.HOOKS[hook].max_timeout
    assert hook in SPEC["_wizard"]["hooks"]


def test_template_port_is_fcs_default():
    assert SPEC["_port"] == facts.PORT


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
