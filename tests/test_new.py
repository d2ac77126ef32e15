"""``fc-lifecycle new``: the wizard, its flags, and its agreement with plain cookiecutter."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FRAMEWORKS, ROOT, SPEC
from fc_lifecycle.cli import main
from fc_lifecycle.errors import Aborted, Declined
from fc_lifecycle.new import generate
from helpers.checks import counted_checks
from helpers.wizard import CLEAR, CTRL_C, DOWN, ENTER, SPACE, keys_by_name


def answers_of(project: Path) -> dict:
    return json.loads((project / ".fc-lifecycle.json").read_text())["answers"]


def run_wizard(tmp_path: Path, keys: dict[str, str], **flags) -> Path:
    """Drive the wizard, typing ``keys`` by question name (Enter at the others); return the
    project."""
    args = argparse.Namespace(set=[], **flags)
    with keys_by_name(SPEC, keys):
        return generate(
            template=None, checkout=None, args=args, output_dir=tmp_path / "out",
            interactive=True, force=False,
        )  # fmt: skip


def test_wizard_defaults(tmp_path):
    answers = answers_of(run_wizard(tmp_path, {}))
    assert (answers["framework"], answers["python_version"]) == ("flask", "3.12")
    assert (answers["initializer"], answers["pre_stop"]) == (True, True)
    assert answers["memory_size"] == SPEC["memory_size"]


@pytest.mark.parametrize("index", range(len(FRAMEWORKS)), ids=FRAMEWORKS)
def test_wizard_chooses_each_framework(tmp_path, index):
    keys = {"framework": DOWN * index + ENTER}
    assert answers_of(run_wizard(tmp_path, keys))["framework"] == FRAMEWORKS[index]


def test_switching_a_hook_off_skips_its_timeout_question(tmp_path):
    # The checkbox: space on the first hook turns the Initializer off; then one timeout.
    keys = {"hooks": SPACE + ENTER, "pre_stop_timeout": CLEAR + "45" + ENTER}
    answers = answers_of(run_wizard(tmp_path, keys))
    assert (answers["initializer"], answers["pre_stop"]) == (False, True)
    assert answers["pre_stop_timeout"] == 45
    assert not (tmp_path / "out" / "fc-lifecycle-app" / "tests" / "test_initialize.py").exists()


def test_invalid_function_name_is_asked_again(tmp_path):
    keys = {"function_name": CLEAR + "1abc" + ENTER + CLEAR + "good_name" + ENTER}
    assert answers_of(run_wizard(tmp_path, keys))["function_name"] == "good_name"


def test_advanced_settings_are_asked_when_wanted(tmp_path):
    keys = {
        "advanced": "y", "description": CLEAR + "my description" + ENTER,
        "memory_size": CLEAR + "1024" + ENTER, "http_auth": DOWN + ENTER, "ci": DOWN + ENTER,
    }  # fmt: skip
    answers = answers_of(run_wizard(tmp_path, keys))
    assert answers["memory_size"] == 1024
    assert answers["description"] == "my description"
    assert answers["http_auth"] == "function"
    assert answers["ci"] == "github"
    assert (tmp_path / "out" / "fc-lifecycle-app" / ".github" / "workflows" / "ci.yml").is_file()


def test_flag_answers_are_not_asked(tmp_path):
    # Were the framework or the Python version asked, Enter would take flask and 3.12.
    answers = answers_of(run_wizard(tmp_path, {}, framework="none", python_version="3.9"))
    assert (answers["framework"], answers["python_version"]) == ("none", "3.9")


@pytest.mark.parametrize(
    "question", ["project_name", "function_type", "python_version", "advanced"]
)
def test_ctrl_c_aborts_and_writes_nothing(tmp_path, question):
    with pytest.raises(Aborted):
        run_wizard(tmp_path, {question: CTRL_C})
    assert not (tmp_path / "out").exists()


def test_declining_the_summary_writes_nothing(tmp_path):
    with pytest.raises(Declined):
        run_wizard(tmp_path, {"generate": "n"})
    assert not (tmp_path / "out").exists()


# A valid non-default value for every question, given as its flag.
FLAG_VALUES = {
    "project_name": "Flag Shop", "project_slug": "flag-shop-dir", "function_name": "flag_fn",
    "description": "set by a flag", "framework": "none", "python_version": "3.10",
    "initializer": False, "initializer_timeout": "12", "pre_stop": False,
    "pre_stop_timeout": "7", "region": "eu-central-1", "memory_size": "2048",
    "timeout": "900", "instance_concurrency": "3", "http_auth": "function",
    "function_type": "event", "trigger": "oss", "timer_cron": "0 30 2 * * *",
    "timer_payload": "nightly", "oss_bucket": "my-bucket-1",
    "oss_events": "oss:ObjectCreated:PutObject,oss:ObjectRemoved:DeleteObject",
    "ci": "github", "language": "zh",
}  # fmt: skip


def flag_args(name: str, value) -> list[str]:
    flag = "--" + name.replace("_", "-")
    if isinstance(value, bool):
        return [flag if value else "--no-" + flag[2:]]
    return [flag, value]


def test_every_question_has_a_flag():
    assert sorted(FLAG_VALUES) == sorted(k for k in SPEC if not k.startswith("_"))


@pytest.mark.parametrize("name", sorted(FLAG_VALUES))
def test_each_flag_sets_its_answer(tmp_path, name):
    value = FLAG_VALUES[name]
    out = tmp_path / "out"
    assert main(["new", "--no-input", "-q", "-o", str(out), *flag_args(name, value)]) == 0
    (project,) = out.iterdir()
    recorded = answers_of(project)[name]
    assert str(recorded).lower() == str(value).lower()


def test_set_answers_any_question(tmp_path):
    out = tmp_path / "out"
    assert main(["new", "--no-input", "-q", "-o", str(out), "--set", "timeout=5"]) == 0
    assert answers_of(next(out.iterdir()))["timeout"] == 5


INVALID_FLAGS = [
    (["--function-name", "1abc"], "--function-name: must be 1-64 letters"),
    (["--function-name", "a" * 65], "--function-name: must be 1-64 letters"),
    (["--project-slug", "../x"], "--project-slug: must be a folder name"),
    (["--initializer-timeout", "0"], "--initializer-timeout: must be a whole number in 1-300"),
    (["--initializer-timeout", "301"], "--initializer-timeout: must be a whole number in 1-300"),
    (["--pre-stop-timeout", "91"], "--pre-stop-timeout: must be a whole number in 1-90"),
    (["--pre-stop-timeout", "abc"], "--pre-stop-timeout: must be a whole number"),
    (["--memory-size", "100"], "--memory-size: must be a whole number in 128-32768"),
    (["--memory-size", "130"], "a multiple of 64"),
    (["--timeout", "-1"], "--timeout: must be a whole number in 1-86400"),
    (["--instance-concurrency", "201"], "--instance-concurrency: must be a whole number in 1-200"),
    (["--framework", "rails"], "--framework: must be one of flask, fastapi, django, none"),
    (["--python-version", "3.8"], "--python-version: must be one of 3.12, 3.11, 3.10, 3.9"),
    (["--region", "mars-1"], "--region: must be one of"),
    (["--http-auth", "jwt"], "--http-auth: must be one of anonymous, function"),
    (["--set", "colour=red"], "--set colour: unknown question"),
    (["--set", "timeout"], "--set timeout: must be KEY=VALUE"),
    (["--set", "initializer=maybe"], "--set initializer: must be yes or no"),
]


@pytest.mark.parametrize(("flags", "message"), INVALID_FLAGS, ids=lambda v: " ".join(v)[:30])
def test_invalid_flag_is_one_line_exit_2_nothing_written(tmp_path, capsys, flags, message):
    out = tmp_path / "out"
    assert main(["new", "--no-input", "-o", str(out), *flags]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert message in err
    assert not out.exists()


def test_existing_folder_is_refused_without_force(tmp_path, capsys):
    out = str(tmp_path)
    assert main(["new", "--no-input", "-q", "-o", out]) == 0
    assert main(["new", "--no-input", "-q", "-o", out]) == 2
    assert "already exists (use --force" in capsys.readouterr().err
    assert main(["new", "--no-input", "-q", "-o", out, "--force"]) == 0


def test_without_a_terminal_it_asks_for_no_input(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "fc_lifecycle", "new", "-o", str(tmp_path / "out")],
        stdin=subprocess.DEVNULL, capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 2
    assert "--no-input" in result.stderr
    assert not (tmp_path / "out").exists()


def test_same_tree_as_plain_cookiecutter(tmp_path):
    ours, theirs = tmp_path / "ours", tmp_path / "theirs"
    assert main(["new", "--no-input", "-q", "-o", str(ours), "--framework", "fastapi"]) == 0
    subprocess.run(
        [str(Path(sys.executable).parent / "cookiecutter"), str(ROOT), "--no-input",
         "-o", str(theirs), "framework=fastapi"], check=True, capture_output=True,
    )  # fmt: skip
    files = {p.relative_to(ours).as_posix() for p in ours.rglob("*") if p.is_file()}
    assert files == {p.relative_to(theirs).as_posix() for p in theirs.rglob("*") if p.is_file()}
    for name in files:
        a, b = (ours / name).read_bytes(), (theirs / name).read_bytes()
        if name.endswith(".fc-lifecycle.json"):
            a, b = (json.loads(x)["answers"] for x in (a, b))
        assert a == b, name
        assert (ours / name).stat().st_mode == (theirs / name).stat().st_mode, name


@pytest.mark.parametrize("argv", [["--help"], ["new", "--no-input", "-q", "-o", "{out}"]])
def test_fast_start_does_not_import_questionary(tmp_path, argv):
    argv = [a.replace("{out}", str(tmp_path / "o")) for a in argv]
    code = (
        "import sys\nfrom fc_lifecycle.cli import main\n"
        f"try:\n    main({argv!r})\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith(('questionary', 'prompt_toolkit'))))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_summary_leaves_out_the_timeout_of_a_hook_that_is_off():
    from fc_lifecycle.answers import Answers
    from fc_lifecycle.console import summary
    from fc_lifecycle.options import Questions

    shown = summary(Answers(Questions(SPEC), {
        "project_name": "x", "pre_stop": False, "pre_stop_timeout": 10,
        "initializer": True, "initializer_timeout": 30,
    }))  # fmt: skip
    assert "PreStop timeout" not in shown
    assert any(line.lstrip().startswith("Init timeout") and line.endswith("  30")
               for line in shown.splitlines())  # fmt: skip


def test_each_given_answer_is_checked_once(tmp_path, monkeypatch):
    calls = counted_checks(monkeypatch)
    argv = ["new", "--no-input", "-q", "-o", str(tmp_path), "--memory-size", "1024"]
    assert main([*argv, "--set", "timeout=30"]) == 0
    assert answers_of(tmp_path / "fc-lifecycle-app")["memory_size"] == 1024
    assert calls.count("memory_size") == 1 and calls.count("timeout") == 1
