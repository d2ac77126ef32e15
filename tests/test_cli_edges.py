"""The CLI's rough edges, tried as a new user would: each is one line, the right exit code,
no traceback, and names what the user typed."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pexpect
import pytest
from conftest import ROOT
from fc_lifecycle.answers import Answers
from fc_lifecycle.cli import build_parser, main
from fc_lifecycle.console import summary
from fc_lifecycle.localrun.session import exit_text
from fc_lifecycle.new import generate
from fc_lifecycle.options import Questions
from fc_lifecycle.render import render
from helpers.terminal import answer
from helpers.wizard import CLEAR, ENTER, keys_by_name

SPEC = json.loads((ROOT / "cookiecutter.json").read_text())


def fc(*argv: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "fc_lifecycle", *argv],
        capture_output=True, text=True, cwd=cwd, timeout=120,
    )  # fmt: skip


def one_line(text: str) -> str:
    assert text.count("\n") == 1, text
    assert "Traceback" not in text
    return text


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


@pytest.fixture(scope="module")
def git_template(tmp_path_factory) -> Path:
    """The template as a git repository with a tag ``v1``."""
    repo = tmp_path_factory.mktemp("tpl") / "template"
    repo.mkdir()
    template_parts = ("cookiecutter.json", "hooks", "templates", "fc_template")
    for name in (*template_parts, "{{cookiecutter.__project_dir}}"):
        source = ROOT / name
        copy = shutil.copytree if source.is_dir() else shutil.copy2
        copy(source, repo / name, **({"symlinks": True} if source.is_dir() else {}))
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "v1")
    git(repo, "tag", "v1")
    return repo


def test_unreachable_template_is_one_line_exit_1(tmp_path):
    result = fc("new", "--no-input", "-o", str(tmp_path / "out"),
                "--template", (tmp_path / "missing.git").as_uri())  # fmt: skip
    assert result.returncode == 1
    assert "cannot clone" in one_line(result.stderr)
    assert not (tmp_path / "out").exists()


def test_unknown_checkout_is_refused(tmp_path, git_template, capsys):
    out = tmp_path / "out"
    argv = ["new", "--no-input", "-o", str(out), "--template", str(git_template)]
    assert main([*argv, "--checkout", "nosuchbranch"]) == 2
    err = one_line(capsys.readouterr().err)
    assert "--checkout nosuchbranch: no branch, tag or commit" in err
    assert not out.exists()


def test_checkout_of_a_folder_that_is_not_git_is_refused(tmp_path, capsys):
    argv = ["new", "--no-input", "-o", str(tmp_path / "out"), "--template", str(tmp_path)]
    assert main([*argv, "--checkout", "main"]) == 2
    assert "is not a git repository" in one_line(capsys.readouterr().err)


def test_checkout_of_a_local_git_template_is_used_and_recorded(tmp_path, git_template):
    out = tmp_path / "out"
    argv = ["new", "--no-input", "-q", "-o", str(out), "--template", str(git_template)]
    assert main([*argv, "--checkout", "v1"]) == 0
    (project,) = out.iterdir()
    template = json.loads((project / ".fc-lifecycle.json").read_text())["template"]
    assert template["checkout"] == "v1"
    head = subprocess.run(["git", "-C", str(git_template), "rev-parse", "v1"],
                          capture_output=True, text=True).stdout.strip()  # fmt: skip
    assert template["commit"] == head


def test_checkout_without_template_is_refused(tmp_path, capsys):
    assert main(["new", "--no-input", "-o", str(tmp_path / "out"), "--checkout", "v1"]) == 2
    assert "--checkout v1: needs --template" in one_line(capsys.readouterr().err)
    assert not (tmp_path / "out").exists()


@pytest.mark.slow  # a whole update
def test_project_from_a_checkout_updates_within_its_template(tmp_path, git_template, capsys):
    repo = Path(shutil.copytree(git_template, tmp_path / "template", symlinks=True))
    out = tmp_path / "out"
    assert main(["new", "--no-input", "-q", "-o", str(out), "--template", str(repo),
                 "--checkout", "v1"]) == 0  # fmt: skip
    (project,) = out.iterdir()
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "generated"]):
        git(project, *args)
    spec = json.loads((repo / "cookiecutter.json").read_text())
    (repo / "cookiecutter.json").write_text(json.dumps({**spec, "_version": "2"}, indent=2))
    git(repo, "commit", "-qam", "v2")
    capsys.readouterr()
    assert main(["update", "--dry-run", str(project)]) == 0  # the recorded checkout: v1
    assert capsys.readouterr().out.startswith("up to date: v1 ")
    assert main(["update", "--dry-run", "--to", "HEAD", str(project)]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith("update v1 ") and " -> v2 " in first


def test_run_with_a_busy_port_stops_before_the_lifecycle(tmp_path):
    project = tmp_path / "app"
    (project / "code").mkdir(parents=True)
    bootstrap = project / "code" / "bootstrap"
    bootstrap.write_text(f"#!/bin/sh\ntouch {tmp_path / 'started'}\nsleep 30\n")
    bootstrap.chmod(0o755)
    (project / "s.yaml").write_text(textwrap.dedent("""\
        edition: 3.0.0
        name: t
        resources:
          fn:
            component: fc3
            props: {region: cn-hangzhou, functionName: f, runtime: custom.debian10, code: ./code}
        """))  # fmt: skip
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = fc("run", str(project), "--listen", f"127.0.0.1:{port}")
    assert result.returncode == 1
    assert f"--listen 127.0.0.1:{port}: cannot listen there" in one_line(result.stderr)
    assert not (tmp_path / "started").exists()


@pytest.mark.parametrize(
    ("flag", "value"),
    [("--grace", "-1"), ("--grace", "abc"), ("--startup-timeout", "0"),
     ("--init-attempts", "0"), ("--init-attempts", "1.5")],
)  # fmt: skip
def test_run_refuses_limits_below_one(capsys, flag, value):
    with pytest.raises(SystemExit) as stop:
        main(["run", f"{flag}={value}"])
    assert stop.value.code == 2
    assert f"argument {flag}: must be" in one_line(capsys.readouterr().err)


def test_no_at_the_confirmation_writes_nothing_and_is_not_an_interrupt(tmp_path):
    child = pexpect.spawn(
        sys.executable, ["-m", "fc_lifecycle", "new", "-o", str(tmp_path / "out")],
        encoding="utf-8", timeout=30, dimensions=(40, 120), env={**os.environ, "TERM": "xterm"},
    )  # fmt: skip
    answer(child, {}, until="generate")  # every question at its default
    child.send("n")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1
    assert "nothing was written" in child.before
    assert "error" not in child.before.split("Generate this project")[-1]
    assert not (tmp_path / "out").exists()


def test_set_is_named_as_typed(tmp_path, capsys):
    argv = ["new", "--no-input", "-o", str(tmp_path / "out"), "--set", "memory_size=100000"]
    assert main(argv) == 2
    err = one_line(capsys.readouterr().err)
    assert err.startswith("error: --set memory_size: must be a whole number")
    assert "--memory-size" not in err


@pytest.fixture(scope="module")
def committed_project(tmp_path_factory) -> Path:
    project = render(ROOT, {}, tmp_path_factory.mktemp("upd"))
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "generated")
    return project


@pytest.mark.parametrize(
    ("flags", "named"),
    [(["--memory-size", "100"], "--memory-size: "), (["--set", "memory_size=100"],
      "--set memory_size: "), (["--set", "colour=red"], "--set colour: unknown question")],
)  # fmt: skip
def test_update_names_bad_answers_as_new_does(committed_project, capsys, flags, named):
    assert main(["update", "--dry-run", "--no-input", str(committed_project), *flags]) == 2
    assert one_line(capsys.readouterr().err).startswith(f"error: {named}")


def test_validate_says_ok_in_one_line(committed_project, capsys):
    assert main(["validate", str(committed_project)]) == 0
    assert one_line(capsys.readouterr().out).startswith("OK: ")


def test_validate_empty_file_says_so(tmp_path, capsys):
    (tmp_path / "s.yaml").write_text("# nothing yet\n")
    assert main(["validate", str(tmp_path)]) == 1
    assert (
        one_line(capsys.readouterr().out)
        == "(file): the file is empty (expected edition, name and resources)\n"
    )


def test_validate_folder_without_s_yaml(tmp_path, capsys):
    assert main(["validate", str(tmp_path)]) == 2
    assert f"no s.yaml in {tmp_path}" in one_line(capsys.readouterr().err)


@pytest.mark.parametrize(
    "code",
    ['# @app.get("/pre-stop")\n',
     'def f():\n    """Serves "/pre-stop"."""\n',
     'ROUTES = {"/pre-stop": None}\n'],
    ids=["comment", "docstring", "literal"],
)  # fmt: skip
def test_validate_route_check_reads_definitions_not_strings(tmp_path, capsys, code):
    """Which hooks the code serves comes from lifecycle.py's definitions (issue 29): a
    comment, a docstring or a string literal naming /pre-stop elsewhere changes nothing."""
    project = render(ROOT, {"initializer": False, "pre_stop": False}, tmp_path)
    (project / "code" / "extra_routes.py").write_text(code)
    assert main(["validate", str(project)]) == 0
    assert "GET /pre-stop but preStop is not configured" not in capsys.readouterr().out


@pytest.mark.parametrize(
    ("code", "counts"),
    [("# def pre_stop(context):\n", False), ("def pre_stop(context):\n    pass\n", True)],
    ids=["comment", "function"],
)  # fmt: skip
def test_validate_counts_a_hook_function_of_lifecycle_py(tmp_path, capsys, code, counts):
    project = render(ROOT, {"initializer": False, "pre_stop": False}, tmp_path)
    (project / "code" / "lifecycle.py").write_text(code)
    assert main(["validate", str(project)]) == (1 if counts else 0)
    assert ("GET /pre-stop but preStop is not configured" in capsys.readouterr().out) is counts


def subcommand(name: str) -> argparse.ArgumentParser:
    subparsers = next(a for a in build_parser()._actions if a.dest == "command")
    return subparsers.choices[name]


def test_help_usage_does_not_list_every_region():
    new = subcommand("new")
    assert "ap-southeast-1" not in new.format_usage()
    assert "ap-southeast-1" in new.format_help()  # in the flag's help instead


@pytest.mark.parametrize(
    ("command", "flag"),
    [("new", "-o"), ("run", "--startup-timeout"), ("run", "--init-attempts"),
     ("run", "--grace")],
)  # fmt: skip
def test_every_flag_has_help(command, flag):
    action = next(a for a in subcommand(command)._actions if flag in a.option_strings)
    assert action.help


@pytest.mark.parametrize("command", ["new", "update", "check", "run", "validate"])
def test_every_command_has_a_description(command):
    assert subcommand(command).description


def test_sigterm_stop_is_a_clean_stop():
    assert exit_text(-signal.SIGTERM) == "clean stop on SIGTERM"
    assert exit_text(0) == "exit status 0"
    assert exit_text(-signal.SIGKILL) == "ended by SIGKILL"


def test_a_name_that_derives_no_folder_asks_for_one(tmp_path):
    keys = {"project_name": CLEAR + "!!!" + ENTER, "project_slug": "my-folder" + ENTER}
    with keys_by_name(SPEC, keys):
        project = generate(
            template=None, checkout=None, args=argparse.Namespace(set=[]),
            output_dir=tmp_path, interactive=True, force=False,
        )  # fmt: skip
    assert project.name == "my-folder"


def test_summary_never_shows_a_blank():
    shown = summary(Answers(Questions(SPEC), {"project_name": "x", "description": ""}))
    assert shown.splitlines()[-1].split()[-1] == "(empty)"
