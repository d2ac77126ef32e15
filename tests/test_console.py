"""``fc_lifecycle.console``: the one place output goes through."""

from __future__ import annotations

import threading

from conftest import SPEC
from fc_lifecycle import console
from fc_lifecycle.answers import Answers
from fc_lifecycle.options import Questions


def answers(values: dict) -> Answers:
    return Answers(Questions(SPEC), values)


def test_out_and_err_write_whole_lines(capsys):
    console.out("to stdout")
    console.err("to stderr")
    assert capsys.readouterr() == ("to stdout\n", "to stderr\n")


def test_lines_from_threads_never_interleave(capsys):
    threads = [threading.Thread(target=console.err, args=(f"line {i} " * 50,)) for i in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    lines = capsys.readouterr().err.splitlines()
    assert sorted(lines) == sorted(f"line {i} " * 50 for i in range(20))


def test_summary_has_labels_aligned_and_yes_no():
    shown = console.summary(
        answers({"project_name": "Shop", "initializer": True, "pre_stop": False})
    )
    lines = shown.splitlines()
    assert lines[0] == "Your function:"
    assert lines[1].startswith("  Name ") and lines[1].endswith("  Shop")
    assert lines[2].endswith("  yes") and lines[3].endswith("  no")
    assert len({line.rindex("  ") for line in lines[1:]}) == 1  # one value column


def test_summary_shows_newlines_escaped_and_blanks_named():
    shown = console.summary(answers({"description": "two\nlines", "project_name": " "}))
    assert "two\\nlines" in shown
    assert shown.splitlines()[1].endswith("(empty)")


def test_next_steps_use_a_path_relative_to_here(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    text = console.next_steps(tmp_path / "shop")
    assert text.splitlines()[0] == "Created shop"
    assert "  cd shop" in text


def test_next_steps_outside_here_use_the_full_path(tmp_path, monkeypatch):
    (tmp_path / "here").mkdir()
    monkeypatch.chdir(tmp_path / "here")
    assert console.next_steps(tmp_path / "shop").splitlines()[0] == f"Created {tmp_path / 'shop'}"
