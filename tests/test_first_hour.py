"""The first hour as a new user (issue 27): messages that say what to do, in the form the
user typed it, and the project before anything else."""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest
from conftest import ROOT
from fc_lifecycle.answers import Answers
from fc_lifecycle.cli import COMMANDS, build_parser
from fc_lifecycle.commands import PROJECT_HELP
from fc_lifecycle.console import summary
from fc_lifecycle.errors import Aborted
from fc_lifecycle.options import Questions
from fc_lifecycle.render import render
from fc_lifecycle.wizard import Wizard
from helpers.fake_app import FAST, fc_run, free_port, make_app, with_venv
from helpers.terminal import answer
from helpers.wizard import CTRL_C, ENTER, keys_by_name


def fc(*argv: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "fc_lifecycle", *argv],
        capture_output=True, text=True, cwd=cwd, timeout=120,
    )  # fmt: skip


def test_run_without_s_yaml_says_so_before_the_port(tmp_path):
    with socket.socket() as busy:  # the default port being busy must not hide the real problem
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = fc("run", str(tmp_path), "--listen", f"127.0.0.1:{port}")
    assert result.returncode == 2
    assert result.stderr == f"error: run: no s.yaml in {tmp_path} (give a project folder)\n"


def test_busy_port_names_the_make_form_too(tmp_path):
    project = make_app(tmp_path, "ok")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = fc("run", str(project), "--listen", f"127.0.0.1:{port}")
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert f'make run ARGS="--listen 127.0.0.1:{port + 1}"' in result.stderr


def test_run_names_the_python_when_the_project_has_no_venv(tmp_path):
    result = fc_run(make_app(tmp_path, "ok"), "--invoke", *FAST)
    assert result.returncode == 0, result.stderr
    named = [line for line in result.stderr.splitlines() if "the code runs on" in line]
    assert named == [
        f"fc-lifecycle | the code runs on {Path(sys.executable).parent / 'python3'}"
        ": the project has no .venv; make run makes one"
    ]


def test_run_says_nothing_of_the_python_when_it_is_the_projects_venv(tmp_path):
    result = fc_run(with_venv(make_app(tmp_path, "ok")), "--invoke", *FAST)
    assert result.returncode == 0, result.stderr
    assert "the code runs on" not in result.stderr


# The wizard (item 4) ----------------------------------------------------------------------

SPEC = json.loads((ROOT / "cookiecutter.json").read_text(encoding="utf-8"))


def test_typing_replaces_a_default_and_enter_takes_it():
    # name typed over the default, function name by Enter; then stop at the function type
    keys = {"project_name": "Shop" + ENTER, "function_name": ENTER, "function_type": CTRL_C}
    with keys_by_name(SPEC, keys):
        wizard = Wizard(Questions(SPEC), lambda name, value: value)
        answers: dict = {}
        asked = []
        ask_one = wizard._ask_one

        def record(name, so_far):
            asked.append(name)
            answers[name] = ask_one(name, {**so_far, **answers})
            return answers[name]

        wizard._ask_one = record
        with pytest.raises(Aborted):
            wizard.ask({})
    assert answers["project_name"] == "Shop"  # not "FC Lifecycle AppShop"
    assert answers["function_name"] == "shop"  # the derived default, taken with Enter


@pytest.mark.parametrize(
    ("name", "path", "bad"),
    [("framework", {"function_type": "http"}, "event"),
     ("initializer_timeout", {"initializer": True}, "without"),
     ("pre_stop_timeout", {"pre_stop": True}, "without"),
     ("http_auth", {"function_type": "http"}, "only")],
)  # fmt: skip
def test_wizard_prompts_speak_only_of_the_users_path(name, path, bad):
    assert bad not in Questions(SPEC).wizard_label(name, path)


def test_event_path_framework_prompt_recommends_none():
    assert "none is recommended" in Questions(SPEC).wizard_label(
        "framework", {"function_type": "event"}
    )


def test_summary_fits_80_columns():
    questions = Questions(SPEC)
    everything = questions.completed({"function_type": "event", "trigger": "oss"})
    for answers in (questions.completed({}), everything):
        lines = summary(Answers(questions, answers)).splitlines()
        assert len(lines) > 10 and max(len(line) for line in lines) <= 80


@pytest.mark.e2e
def test_wizard_as_a_person_types_it(tmp_path):
    """A real terminal: the default shown, typing replaces it, prompts of the HTTP path."""
    child = pexpect.spawn(
        sys.executable, ["-m", "fc_lifecycle", "new", "-o", str(tmp_path)], cwd=str(tmp_path),
        encoding="utf-8", timeout=30, dimensions=(40, 80), env={**os.environ, "TERM": "xterm"},
    )  # fmt: skip

    def replace_the_default(child: pexpect.spawn) -> None:
        child.expect("FC Lifecycle App")  # the default, shown
        child.send("Shop\r")

    def http_choices(child: pexpect.spawn) -> None:
        child.expect("Flask")
        assert "event" not in child.before.lower()
        child.send("\r")

    keys = {"project_name": replace_the_default, "framework": http_choices, "advanced": "n"}
    shown = answer(child, keys, until="generate")
    assert shown["initializer_timeout"] == "Initializer timeout in seconds (1-300)"
    assert shown["pre_stop_timeout"] == "PreStop timeout in seconds (1-90)"
    summary_text = child.before
    child.send("n")
    child.expect(pexpect.EOF)
    child.close()
    assert "ignored without" not in summary_text
    assert "Name" in summary_text and "Shop" in summary_text
    assert "FC Lifecycle AppShop" not in summary_text
    assert child.exitstatus == 1 and not list(tmp_path.iterdir())


# One vocabulary in --help (item 6) ----------------------------------------------------------


def subparsers() -> dict:
    parser = build_parser()
    (action,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(action.choices)


@pytest.mark.parametrize("command", ["update", "check", "run", "validate"])
def test_the_project_folder_has_one_name_and_help(command):
    (project,) = [a for a in subparsers()[command]._actions if not a.option_strings][:1]
    assert project.metavar == "PROJECT_DIR"
    assert project.help.replace(" or its s.yaml", "") == PROJECT_HELP


@pytest.mark.parametrize("command", COMMANDS)
def test_every_option_with_a_value_shows_its_default(command):
    parser = subparsers()[command]
    formatter = parser._get_formatter()
    for action in parser._actions:
        if not action.option_strings or action.nargs == 0 or action.dest in ("help", "set"):
            continue
        recorded = (
            command == "update"
            and action.container.title
            and "recorded" in (action.container.title)
        )
        shown = formatter._get_help_string(action) or ""
        assert recorded or "default" in shown, f"{command} {action.option_strings[0]}: {shown}"


def test_run_help_shows_its_defaults():
    text = " ".join(subparsers()["run"].format_help().split())  # lines wrap anywhere
    for default in ("default: 127.0.0.1:8080", "default: 10)", "default: 5)", "default: 120"):
        assert default in text


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help_has_examples(command):
    parser = build_parser() if command is None else subparsers()[command]
    examples = parser.format_help().split("examples:\n", 1)[1]
    assert len(re.findall(r"^  (?:cd \S+ && )?fc-lifecycle ", examples, flags=re.M)) >= 2


# Paths with ~ (item 3) ---------------------------------------------------------------------


def test_output_dir_with_a_quoted_tilde_is_the_home_folder(tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    result = subprocess.run(
        [sys.executable, "-m", "fc_lifecycle", "new", "--no-input", "-q", "--framework", "none",
         "-o", "~/src"], cwd=tmp_path, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert (home / "src" / "fc-lifecycle-app" / "s.yaml").is_file()
    assert not (tmp_path / "~").exists()


@pytest.mark.skipif(not shutil.which("make") or not shutil.which("dash"), reason="make, dash")
def test_make_new_out_tilde_under_dash(tmp_path):
    """The README's `make new OUT=~/src`, typed in a shell that leaves `~` after `=` alone."""
    home = tmp_path / "home"
    home.mkdir()
    bin_dir = Path(sys.executable).parent
    command = (
        f"make -s -C {ROOT} -o {bin_dir}/fc-lifecycle BIN={bin_dir} new OUT=~/src"
        ' ARGS="--no-input -q --framework none"'
    )
    result = subprocess.run(
        ["dash", "-c", command], env={**os.environ, "HOME": str(home)},
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert (home / "src" / "fc-lifecycle-app" / "s.yaml").is_file()
    assert not (ROOT / "~").exists()


# The generated project's README and Makefile (item 3) ---------------------------------------

TIMINGS = {
    "flask": "`import flask` 0.50 s",
    "django": "Django's WSGI handler 0.90 s",
    "fastapi": "FastAPI 0.93 s",
}


@pytest.fixture(scope="module")
def projects(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("projects")
    made = {
        fw: render(ROOT, {"framework": fw, "project_name": fw}, out / fw)
        for fw in ("flask", "django", "fastapi", "none")
    }
    made["nohooks"] = render(
        ROOT, {"framework": "flask", "project_name": "nohooks", "initializer": False,
               "pre_stop": False}, out / "nohooks",
    )  # fmt: skip
    return made


@pytest.mark.parametrize("name", ["flask", "django", "fastapi", "none", "nohooks"])
def test_generated_readme_shows_only_commands_that_work_there(projects, name):
    project = projects[name]
    readme = (project / "README.md").read_text()
    # fc-lifecycle is not on PATH in a new project: every command goes through make
    assert not re.search(r"`fc-lifecycle (?:run|validate|update|check|new)\b", readme)
    assert not re.search(r"^    fc-lifecycle ", readme, flags=re.M)
    targets = set(re.findall(r"^([a-z]+):", (project / "Makefile").read_text(), flags=re.M))
    named = set(re.findall(r"\bmake ([a-z]+)\b", readme))
    assert named and named <= targets, named - targets


@pytest.mark.parametrize("framework", ["flask", "django", "fastapi", "none"])
def test_generated_readme_quotes_only_its_own_frameworks_timing(projects, framework):
    readme = (projects[framework] / "README.md").read_text()
    for other, timing in TIMINGS.items():
        assert (timing in readme) == (other == framework), (other, framework)


def make(project: Path, *args: str) -> subprocess.CompletedProcess:
    """make in the project, with this checkout's fc-lifecycle on PATH and no .venv made (the
    targets here need no dependencies: -o venv)."""
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    return subprocess.run(
        ["make", "-s", "-o", "venv", *args], cwd=project, env=env,
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip


@pytest.mark.skipif(not shutil.which("make"), reason="make")
def test_generated_make_help_and_validate(projects):
    project = projects["none"]
    listed = make(project, "help")
    assert listed.returncode == 0, listed.stderr
    for target in ("test", "run", "validate", "build", "deploy", "update", "help"):
        assert re.search(rf"^  make {target} +\S", listed.stdout, flags=re.M), target
    assert make(project).stdout == listed.stdout  # plain `make` is the list, not a venv
    checked = make(project, "validate")
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.startswith("OK: ")


@pytest.mark.e2e
@pytest.mark.skipif(not shutil.which("make"), reason="make")
def test_ctrl_c_of_make_run_looks_clean(projects):
    port = free_port()
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    child = pexpect.spawn(
        "make", ["-o", "venv", "run", f"ARGS=--listen 127.0.0.1:{port}"], cwd=str(projects["none"]),
        env=env, encoding="utf-8", timeout=60,
    )  # fmt: skip
    child.expect("listening on")
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    assert "instance stopped (exit status 0)" in child.before
    assert "make: ***" not in child.before and "Interrupt" not in child.before
