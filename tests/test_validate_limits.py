"""``validate`` on hostile s.yaml files: every limit refuses its input in one line, exit 2.

Each input is built to hit one limit (size, text, file kind, depth, nodes, alias and vars
expansion); the limits, not a stopwatch, are what keep time and memory bounded.
"""

from __future__ import annotations

import os

import pytest
from fc_lifecycle import syaml
from fc_lifecycle.cli import main
from fc_lifecycle.errors import UserError


def alias_bomb(levels: int = 9) -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, levels + 1):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


TEXTS = {
    "too-large": ("x: " + "a" * syaml.MAX_BYTES + "\n", "larger than 128 KiB"),
    "alias-bomb": (alias_bomb(), "aliases expand to more than 10000 nodes"),
    "recursive-alias": ("a: &a [*a]\n", "nested deeper than 64 levels"),
    "string-alias-bomb": (
        "s: &s '" + "z" * 60_000 + "'\nl: [" + ", ".join(["*s"] * 40) + "]\n",
        "expand to more than 1048576 characters",
    ),
    "vars-bomb": (
        "vars:\n  x: '" + "y" * 50_000 + "'\nv: '" + "${vars.x}" * 100 + "'\n",
        "expand to more than 1048576 characters",
    ),
    "deep-flow": ("x: " + "[" * 5000 + "]" * 5000 + "\n", "nested deeper than 64 levels"),
    "deep-flow-unclosed": ("[" * 100_000, "nested deeper than 64 levels"),
    "deep-block": ("".join("  " * i + f"k{i}:\n" for i in range(200)), "deeper than 64 levels"),
    "many-nodes": ("x: [" + ", ".join(["1"] * 6000) + "]\n", "more than 5000 YAML nodes"),
}


@pytest.mark.parametrize("name", TEXTS)
def test_each_limit_refuses_its_input_in_one_line(tmp_path, capsys, name):
    text, message = TEXTS[name]
    path = tmp_path / "s.yaml"
    path.write_text(text)
    with pytest.raises(UserError, match=message):
        syaml.load(path)
    assert main(["validate", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.count("\n") == 1
    assert message in captured.err and str(path) in captured.err


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"x: \xff\xfe\n", "not UTF-8 text (byte 3)"),
        (b"\x89PNG\r\n\x1a\n\0\0\0", "not text (a NUL byte at offset 8)"),
        (b"x: a\0b\n", "not text (a NUL byte"),
    ],
)
def test_binary_or_invalid_utf8_is_one_line(tmp_path, capsys, data, message):
    path = tmp_path / "s.yaml"
    path.write_bytes(data)
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path, capsys):
    os.mkfifo(tmp_path / "s.yaml")
    assert main(["validate", str(tmp_path)]) == 2
    assert "s.yaml: a FIFO, not a regular file" in capsys.readouterr().err


@pytest.mark.parametrize(("path", "kind"), [("/dev/zero", "a device"), ("/dev/null", "a device")])
def test_a_device_is_refused(capsys, path, kind):
    assert main(["validate", path]) == 2
    assert f"{path}: {kind}, not a regular file" in capsys.readouterr().err


def test_a_folder_named_s_yaml_is_refused(tmp_path, capsys):
    (tmp_path / "s.yaml").mkdir()
    assert main(["validate", str(tmp_path / "s.yaml" / "..")]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_a_complex_key_is_a_yaml_error_not_a_traceback(tmp_path, capsys):
    (tmp_path / "s.yaml").write_text("? [a, b]\n: 1\n")
    assert main(["validate", str(tmp_path)]) == 2
    assert "a mapping key must be a plain value (line 1)" in capsys.readouterr().err


def test_inputs_just_inside_the_limits_are_read(tmp_path):
    """The limits leave room: an anchor used often, deep but legal nesting, long text."""
    near = {
        "aliases": "a: &a [" + ", ".join(["x"] * 90) + "]\nb: [" + ", ".join(["*a"] * 90) + "]\n",
        "depth": "x: " + "[" * 60 + "]" * 60 + "\n",
        "size": "x: " + "a" * (syaml.MAX_BYTES - 10) + "\n",
        "vars": "vars:\n  x: '" + "y" * 1000 + "'\nv: '" + "${vars.x}" * 100 + "'\n",
    }
    for text in near.values():
        (tmp_path / "s.yaml").write_text(text)
        assert syaml.load(tmp_path / "s.yaml").data is not None
