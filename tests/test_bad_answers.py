"""Bad answers through every entry point: one line naming the field and the rule, exit 2,
no traceback, nothing written, every existing file byte-identical.

One table, five entry points: plain ``cookiecutter`` (answers as extra context),
``fc-lifecycle new`` (the question's flag, and ``--set``), ``fc-lifecycle update --set``,
and the wizard (text questions; a select or a checkbox cannot take a bad value).

Every value goes through ``new`` (its flag and ``--set``, in-process); the two entry points
that cost a process or two template exports per value (plain ``cookiecutter``, ``update
--set``) take each question's first bad value (``by_question``). Pairwise, not the full
product, with this argument: every entry point checks with the one ``rules.check_all``
(``new`` shows it refuses every value); how an entry point surfaces a refusal (cookiecutter
itself for a choice or a yes/no, the Jinja extension for the others, update's plan before
anything is written) depends on the question, not on which of its bad values it got. So
every question x entry point pair runs, and every value x rule pair. The unsafe slugs go
through plain cookiecutter one by one in tests/test_cookiecutter_cli.py (where a folder name
could reach outside).
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SPEC
from fc_lifecycle.cli import main
from fc_lifecycle.errors import Aborted
from fc_lifecycle.new import generate
from fc_lifecycle.render import render
from helpers.wizard import terminal

NAME_RULE = "must be 1-64 letters"
SLUG_RULE = "must be a folder name"
CHOICE = "must be one of"

# (question, bad value, the rule's words in the message)
BAD = [
    ("function_name", "1abc", NAME_RULE),
    ("function_name", "-abc", NAME_RULE),
    ("function_name", "a" * 65, NAME_RULE),
    ("function_name", "my func", NAME_RULE),
    ("function_name", "fünf", NAME_RULE),
    ("function_name", "函数", NAME_RULE),
    ("function_name", "a.b", NAME_RULE),
    ("function_name", "", NAME_RULE),
    ("project_slug", "a/b", SLUG_RULE),
    ("project_slug", "..", SLUG_RULE),
    ("project_slug", ".", SLUG_RULE),
    ("project_slug", "-x", SLUG_RULE),
    ("project_slug", "", SLUG_RULE),
    ("project_name", "   ", "must not be empty"),
    ("project_name", "", "must not be empty"),
    ("description", "${vars.secret}", "must not contain '${'"),
    ("description", "bell\x07", "control characters"),
    ("initializer_timeout", "0", "whole number in 1-300 s"),
    ("initializer_timeout", "301", "whole number in 1-300 s"),
    ("initializer_timeout", "abc", "whole number in 1-300 s"),
    ("initializer_timeout", "-1", "whole number in 1-300 s"),
    ("initializer_timeout", "1.5", "whole number in 1-300 s"),
    ("pre_stop_timeout", "0", "whole number in 1-90 s"),
    ("pre_stop_timeout", "91", "whole number in 1-90 s"),
    ("pre_stop_timeout", "abc", "whole number in 1-90 s"),
    ("pre_stop_timeout", "-5", "whole number in 1-90 s"),
    ("memory_size", "100", "128-32768 MB, a multiple of 64"),
    ("memory_size", "130", "a multiple of 64"),
    ("memory_size", "32832", "128-32768 MB"),
    ("memory_size", "lots", "whole number"),
    ("timeout", "0", "whole number in 1-86400 s"),
    ("timeout", "86401", "whole number in 1-86400 s"),
    ("timeout", "-5", "whole number in 1-86400 s"),
    ("instance_concurrency", "0", "whole number in 1-200"),
    ("instance_concurrency", "201", "whole number in 1-200"),
    ("instance_concurrency", "many", "whole number in 1-200"),
    ("framework", "rails", CHOICE + " flask, fastapi, django, none"),
    ("framework", "", CHOICE),
    ("python_version", "3.8", CHOICE + " 3.12, 3.11, 3.10, 3.9"),
    ("python_version", "3.13", CHOICE),
    ("region", "mars-1", CHOICE),
    ("region", "CN-HANGZHOU", CHOICE),
    ("http_auth", "jwt", CHOICE + " anonymous, function"),
    ("ci", "gitlab", CHOICE + " none, github"),
    ("ci", "", CHOICE),
    ("language", "fr", CHOICE + " en, zh"),
    ("initializer", "maybe", "must be yes or no"),
    ("pre_stop", "2", "must be yes or no"),
    ("function_type", "cron", CHOICE + " http, event"),
    ("trigger", "http", CHOICE + " none, timer, oss"),
    ("timer_cron", "0 4 * * *", "6-field cron"),
    ("timer_cron", "every day", "6-field cron"),
    ("timer_cron", "@every 5s", "6-field cron"),
    ("timer_payload", "${env('X')}", "without '${'"),
    ("oss_bucket", "My_Bucket", "OSS bucket name"),
    ("oss_bucket", "ab", "OSS bucket name"),
    ("oss_events", "oss:ObjectCreated", "OSS event types"),
    ("oss_events", "oss:ObjectCreated:*, oss:ObjectRemoved:DeleteObject", "OSS event types"),
]
# The answers that make a follow-up question apply (plain cookiecutter and the wizard
# check a follow-up only then; the flags check any value given).
APPLIES = {
    "trigger": {"function_type": "event"},
    "timer_cron": {"function_type": "event", "trigger": "timer"},
    "timer_payload": {"function_type": "event", "trigger": "timer"},
    "oss_bucket": {"function_type": "event", "trigger": "oss"},
    "oss_events": {"function_type": "event", "trigger": "oss"},
}
IDS = [f"{name}={value[:12]!r}" for name, value, _ in BAD]


def by_question(rows: list[tuple[str, str, str]]) -> list:
    """Each question's first row of ``rows``, as parameters."""
    first = {name: (name, value, rule) for name, value, rule in reversed(rows)}
    return [
        pytest.param(name, value, rule, id=f"{name}={value[:12]!r}")
        for name, value, rule in rows if first[name] == (name, value, rule)
    ]  # fmt: skip


CHOICES = {name for name, default in SPEC.items() if isinstance(default, (list, bool))}
WIZARD = SPEC["_wizard"]


def flag(name: str) -> str:
    return "--" + name.replace("_", "-")


def snapshot(folder: Path) -> dict[str, str]:
    """Every file's hash (git's own index, refreshed by ``git status``, left out)."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.relative_to(folder).parts[0] != ".git"
    }


@pytest.fixture
def out(tmp_path) -> Path:
    """An output folder the user already has a file in."""
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "mine.txt").write_text("mine\n")
    return folder


def assert_refused(code: int, err: str, field: str, rule: str, out: Path, before: dict) -> None:
    assert code == 2
    assert err.count("\n") == 1, err
    assert err.startswith(f"error: {field}: ") and rule in err, err
    assert "Traceback" not in err
    assert snapshot(out) == before
    assert {p.name for p in out.iterdir()} - {".git"} == {Path(p).parts[0] for p in before}


@pytest.mark.parametrize(("name", "value", "rule"), BAD, ids=IDS)
def test_new_flag(out, capsys, name, value, rule):
    before = snapshot(out)
    try:
        code = main(["new", "--no-input", "-o", str(out), f"{flag(name)}={value}"])
    except SystemExit as stop:  # argparse's own refusal
        code = stop.code
    if isinstance(SPEC[name], bool):  # --pre-stop/--no-pre-stop take no value
        field, rule = f"argument {flag(name)}/--no-{flag(name)[2:]}", "ignored explicit argument"
    else:
        field = flag(name)
    assert_refused(code, capsys.readouterr().err, field, rule, out, before)


@pytest.mark.parametrize(("name", "value", "rule"), BAD, ids=IDS)
def test_new_set(out, capsys, name, value, rule):
    before = snapshot(out)
    code = main(["new", "--no-input", "-o", str(out), "--set", f"{name}={value}"])
    assert_refused(code, capsys.readouterr().err, f"--set {name}", rule, out, before)


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    """A generated project under git, as ``update`` expects it."""
    project = render(ROOT, {"framework": "none"}, tmp_path_factory.mktemp("generated"))
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "generated"]):
        subprocess.run(["git", *args], cwd=project, check=True, capture_output=True)
    return project


@pytest.mark.parametrize(("name", "value", "rule"), by_question(BAD))
def test_update_set(generated, tmp_path, capsys, name, value, rule):
    project = tmp_path / generated.name
    shutil.copytree(generated, project, symlinks=True)
    before = snapshot(project)
    code = main(["update", str(project), "--no-input", "--set", f"{name}={value}"])
    assert_refused(code, capsys.readouterr().err, f"--set {name}", rule, project, before)


@pytest.mark.parametrize(("name", "value", "rule"), by_question(BAD))
def test_plain_cookiecutter(out, name, value, rule):
    """Our Jinja extension refuses in one line, no traceback; a bad choice or yes/no
    cookiecutter refuses itself, before any template code runs (its own traceback).

    Either way nothing is written, not even the output folder. (cookiecutter exits 1, not 2.)
    """
    before = snapshot(out)
    result = subprocess.run(
        [str(Path(sys.executable).parent / "cookiecutter"), str(ROOT), "--no-input",
         "-o", str(out), *(f"{k}={v}" for k, v in APPLIES.get(name, {}).items()),
         f"{name}={value}"], capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode != 0
    if name in CHOICES:
        assert f"variable {name}" in result.stderr
    else:
        assert result.stderr.startswith(f"error: {name}: ") and rule in result.stderr
        assert result.stderr.count("\n") == 1, result.stderr
    assert snapshot(out) == before
    assert [p.name for p in out.iterdir()] == ["mine.txt"]


TEXT = [row for row in BAD if row[0] not in CHOICES and row[0] not in WIZARD["hidden"]]


@pytest.mark.parametrize(
    ("name", "value", "rule"), TEXT, ids=[f"{n}={v[:12]!r}" for n, v, _ in TEXT]
)
def test_wizard(out, name, value, rule):
    """The bad value is refused as typed (the rule shown) and asked again; Ctrl-C: nothing."""
    given = {q: (d[0] if isinstance(d, list) else d) for q, d in SPEC.items() if q[0] != "_"}
    given = {**given, "project_name": "x", "project_slug": "x", "function_name": "x"}
    given = {**given, "oss_bucket": "x-b", **APPLIES.get(name, {})}
    del given[name]
    keys = ("y" if name in WIZARD["advanced"] else "") + "\x15" + value + "\r" + "\x03"
    before = snapshot(out)
    with terminal() as pipe:
        pipe.send_text(keys)
        with pytest.raises(Aborted):
            generate(
                template=None, checkout=None, args=argparse.Namespace(set=[], **given),
                output_dir=out, interactive=True, force=False,
            )  # fmt: skip
    assert snapshot(out) == before

    from fc_lifecycle.options import Questions
    from fc_lifecycle.wizard import Wizard

    from fc_template.rules import check

    wizard = Wizard(Questions(SPEC), lambda n, v: check(n, v, SPEC))
    assert rule in wizard._problem(name, value)


def test_table_is_big_enough():
    assert len(BAD) >= 40
    assert {name for name, _, _ in BAD} == {q for q in SPEC if q[0] != "_"}
