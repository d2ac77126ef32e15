"""Text that could break the generated files comes out exactly as it went in."""

from __future__ import annotations

import json
import py_compile

import pytest
from conftest import FRAMEWORKS
from fc_lifecycle import syaml
from fc_lifecycle.errors import UserError

TEXTS = [
    "key: value # not a comment",
    "it's \"quoted\" and 'single'",
    "back\\slash \\n not a newline",
    "two\nlines",
    "{{ 7*7 }}",
    "{% raw %}x{% endraw %}",
    "{# comment #} and {%",
    "emoji 🚀 and CJK 函数计算",
    "- looks: [like, yaml]",
]


def props_of(project):
    (resource,) = syaml.load(project / "s.yaml").data["resources"].values()
    return resource["props"]


# Every text x framework (36 projects); make test-quick renders each text once, the
# frameworks taking turns (the others are slow: make test only).
EVERY_FILE = [
    pytest.param(
        framework, text, id=f"{framework}-text{i}",
        marks=[] if framework == FRAMEWORKS[i % len(FRAMEWORKS)] else [pytest.mark.slow],
    )
    for framework in FRAMEWORKS
    for i, text in enumerate(TEXTS)
]  # fmt: skip


@pytest.mark.parametrize(("framework", "text"), EVERY_FILE)
def test_description_survives_every_file(make_project, framework, text):
    project = make_project(framework=framework, description=text, project_name=text)
    assert props_of(project)["description"] == text
    record = json.loads((project / ".fc-lifecycle.json").read_text(encoding="utf-8"))
    assert record["answers"]["description"] == text
    assert record["answers"]["project_name"] == text
    readme = (project / "README.md").read_text(encoding="utf-8")
    assert text.splitlines()[0] in readme  # the title, literally: "{{ 7*7 }}" is no "49"
    for source in project.rglob("*.py"):
        py_compile.compile(str(source), doraise=True)


def test_vars_reference_in_description_is_refused(make_project):
    with pytest.raises(UserError, match=r"^description: must not contain '\$\{'"):
        make_project(description="costs ${vars.price}")
