"""``fc_lifecycle.syaml``: strict YAML with key lines and ``${vars.x}`` resolved."""

from __future__ import annotations

import textwrap

import pytest
from fc_lifecycle import syaml
from fc_lifecycle.errors import UserError

TEXT = textwrap.dedent("""\
    vars:
      region: cn-shanghai
      memory: 1024
    resources:
      fn:
        props:
          region: ${vars.region}
          memorySize: ${vars.memory}
          description: in ${vars.region}, ${vars.missing}
    """)  # fmt: skip


def test_whole_value_reference_keeps_its_type():
    data = syaml.loads(TEXT).data["resources"]["fn"]["props"]
    assert data["region"] == "cn-shanghai"
    assert data["memorySize"] == 1024


def test_reference_inside_text_is_substituted_and_unknown_ones_reported():
    document = syaml.loads(TEXT)
    props = document.data["resources"]["fn"]["props"]
    assert props["description"] == "in cn-shanghai, ${vars.missing}"
    assert document.unresolved == [(("resources", "fn", "props", "description"), "${vars.missing}")]


def test_every_key_has_its_line_and_a_path_falls_back_to_its_parent():
    document = syaml.loads(TEXT)
    assert document.line(("resources", "fn", "props", "memorySize")) == 8
    assert document.line(("resources", "fn", "props", "memorySize", "deeper")) == 8
    assert document.line(("nowhere",)) is None


def test_duplicate_key_is_one_line_naming_key_and_line():
    with pytest.raises(UserError, match=r"^s.yaml: duplicated mapping key 'a' \(line 2\)$"):
        syaml.loads("a: 1\na: 2\n")


def test_syntax_error_is_one_line():
    with pytest.raises(UserError) as error:
        syaml.loads("a: [1, 2\nb: 3\n", "bad.yaml")
    assert str(error.value).startswith("bad.yaml: ") and "\n" not in str(error.value)


def test_missing_file_is_a_user_error(tmp_path):
    with pytest.raises(UserError, match="cannot read"):
        syaml.load(tmp_path / "s.yaml")


def test_empty_document():
    assert syaml.loads("").data is None
