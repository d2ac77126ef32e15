"""End-to-end update scenarios on real git repositories built in tmp_path (offline)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from fc_lifecycle.cli import main
from fc_lifecycle.render import render
from fc_lifecycle.validate import validate
from helpers.update_repo import (
    LIFECYCLE,
    NONE,
    PRE_STOP_TEST,
    SLUG,
    append,
    commit_all,
    generate,
    git,
    release_v2,
    tree,
    update,
)

# The template repository (tagged v1) and git isolated from the user's, in every test here.
pytestmark = pytest.mark.usefixtures("isolated_git")
# Each scenario builds two template releases and renders three projects (about 2 s):
# `make test-quick` runs the three of update's promise (an edit and a template change both
# kept, a conflict marked, a plain cookiecutter project updated); the rest are slow. The
# merge itself is checked in-process by test_update_plan.py and test_update_apply.py.
slow = pytest.mark.slow


@slow
def test_untouched_project_equals_fresh_v2(template, tmp_path):
    project = generate(template, tmp_path / "p")
    release_v2(template, lambda r: append(r / NONE / "bootstrap", "# v2\n"))
    assert update(project, template) == 0
    fresh = render(template, {"framework": "none", "project_name": "demo"}, tmp_path / "fresh")
    mine, theirs = tree(project), tree(fresh)
    assert mine.pop(".fc-lifecycle.json") and theirs.pop(".fc-lifecycle.json")
    assert mine == theirs
    assert (project / "code" / "bootstrap").stat().st_mode & 0o777 == 0o755


def test_user_edit_and_template_change_both_kept(template, tmp_path):
    project = generate(template, tmp_path / "p")
    append(project / "code" / "lifecycle.py", "\n# my init code\n")
    commit_all(project)
    release_v2(template, lambda r: append(r / SLUG / "s.yaml", "# v2 s.yaml\n"))
    assert update(project, template) == 0
    assert "# my init code" in (project / "code" / "lifecycle.py").read_text()
    assert "# v2 s.yaml" in (project / "s.yaml").read_text()
    record = json.loads((project / ".fc-lifecycle.json").read_text())
    assert record["template"]["version"] == "2"
    assert record["template"]["commit"] == git(template, "rev-parse", "HEAD")


def test_same_lines_changed_gives_markers_and_exit_1(template, tmp_path):
    project = generate(template, tmp_path / "p")
    yaml = project / "s.yaml"
    yaml.write_text(yaml.read_text().replace("timeout: 60", "timeout: 61"))
    commit_all(project)

    def edit(repo):
        s = repo / SLUG / "s.yaml"
        s.write_text(s.read_text().replace("timeout: {{ cookiecutter.timeout }}", "timeout: 99"))
        append(repo / NONE / "bootstrap", "# v2\n")

    release_v2(template, edit)
    assert "timeout: {{ cookiecutter.timeout }}" in git(template, "show", f"v1:{SLUG}/s.yaml")
    assert update(project, template) == 1
    text = yaml.read_text()
    assert "<<<<<<< project" in text and ">>>>>>> template (v2 " in text
    assert "||||||| base (v1 " in text
    assert (project / "code" / "bootstrap").read_text().endswith("# v2\n")


@slow
def test_conflict_markers_block_the_next_update(template, tmp_path):
    project = generate(template, tmp_path / "p")
    append(project / "s.yaml", "<<<<<<< project\nx\n>>>>>>> template (v2)\n")
    commit_all(project)
    assert update(project, template) == 2


@slow
def test_set_pre_stop_on_adds_route_and_config(template, tmp_path):
    project = generate(template, tmp_path / "p", pre_stop=False)
    assert "preStop" not in (project / "s.yaml").read_text()
    assert update(project, template, "--set", "pre_stop=yes") == 0
    assert "preStop:" in (project / "s.yaml").read_text()
    assert "def pre_stop(state" in (project / "code" / "lifecycle.py").read_text()
    assert json.loads((project / ".fc-lifecycle.json").read_text())["answers"]["pre_stop"] is True


@slow
def test_pre_stop_flag_toggles_hook_file_and_keeps_edited_one(template, tmp_path):
    assert (template / SLUG / PRE_STOP_TEST).is_file()
    project = generate(template, tmp_path / "p", pre_stop=False)
    assert not (project / "tests" / "test_pre_stop.py").exists()
    assert update(project, template, "--pre-stop") == 0
    assert (project / "tests" / "test_pre_stop.py").exists()
    commit_all(project)
    assert update(project, template, "--no-pre-stop") == 0
    assert not (project / "tests" / "test_pre_stop.py").exists()
    assert "preStop" not in (project / "s.yaml").read_text()


@slow
def test_pre_stop_off_keeps_an_edited_hook_file(template, tmp_path, capsys):
    assert (template / SLUG / PRE_STOP_TEST).is_file()
    project = generate(template, tmp_path / "p", pre_stop=True)
    append(project / "tests" / "test_pre_stop.py", "# mine\n")
    commit_all(project)
    assert update(project, template, "--no-pre-stop") == 0
    assert (project / "tests" / "test_pre_stop.py").read_text().endswith("# mine\n")
    assert "kept (removed from template)" in capsys.readouterr().out


@slow
def test_python_version_change_updates_runtime_and_path(template, tmp_path):
    project = generate(template, tmp_path / "p", python_version="3.10")
    assert update(project, template, "--set", "python_version=3.12") == 0
    text = (project / "s.yaml").read_text()
    assert "custom.debian11" in text and "/var/fc/lang/python3.12/bin" in text
    assert "python3.10" not in text


@slow
def test_python_39_adds_layer(template, tmp_path):
    project = generate(template, tmp_path / "p", python_version="3.12")
    assert update(project, template, "--python-version", "3.9") == 0
    text = (project / "s.yaml").read_text()
    assert "official:layers/Python39" in text and "custom.debian10" in text


@slow
def test_user_deleted_file_stays_deleted(template, tmp_path):
    project = generate(template, tmp_path / "p")
    (project / "code" / ".fcignore").unlink()
    commit_all(project)
    release_v2(template, lambda r: append(r / SLUG / "code" / ".fcignore", "*.log\n"))
    assert update(project, template) == 0
    assert not (project / "code" / ".fcignore").exists()


@slow
def test_template_dropped_file_edited_by_user_is_kept(template, tmp_path, capsys):
    project = generate(template, tmp_path / "p")
    append(project / "code" / "requirements.txt", "requests\n")
    commit_all(project)
    release_v2(template, lambda r: (r / NONE / "requirements.txt").unlink())
    assert update(project, template) == 0
    assert "requests" in (project / "code" / "requirements.txt").read_text()
    assert "kept (removed from template)" in capsys.readouterr().out


@slow
def test_template_dropped_untouched_file_is_removed(template, tmp_path):
    project = generate(template, tmp_path / "p")
    release_v2(template, lambda r: (r / NONE / "requirements.txt").unlink())
    assert update(project, template) == 0
    assert not (project / "code" / "requirements.txt").exists()


@slow
def test_dirty_tree_refused(template, tmp_path):
    project = generate(template, tmp_path / "p")
    append(project / "code" / ".fcignore", "# uncommitted\n")
    release_v2(template, lambda r: append(r / SLUG / "s.yaml", "# v2\n"))
    assert update(project, template) == 2
    assert update(project, template, "--allow-dirty") == 0


@slow
def test_dry_run_changes_nothing(template, tmp_path, capsys):
    project = generate(template, tmp_path / "p")
    release_v2(template, lambda r: append(r / SLUG / "s.yaml", "# v2\n"))
    before = tree(project)
    assert update(project, template, "--dry-run", "--diff") == 0
    assert tree(project) == before
    out = capsys.readouterr().out
    assert "+# v2" in out and "updated" in out


@slow
def test_base_unavailable_keeps_edits_and_writes_beside(template, tmp_path, capsys):
    project = generate(template, tmp_path / "p")
    append(project / "code" / "lifecycle.py", "# mine\n")
    record_path = project / ".fc-lifecycle.json"
    record = json.loads(record_path.read_text())
    record["template"].update(commit="0" * 40, version="0")
    record_path.write_text(json.dumps(record))
    commit_all(project)
    release_v2(template, lambda r: append(r / SLUG / LIFECYCLE, "# v2\n"))
    before = (project / "code" / "lifecycle.py").read_text()
    assert update(project, template) == 1
    assert (project / "code" / "lifecycle.py").read_text() == before
    assert (project / "code" / "lifecycle.py.fc-new").read_text().endswith("# v2\n")
    assert "code/lifecycle.py.fc-new" in capsys.readouterr().out


@slow
def test_target_older_than_base_refused(template, tmp_path):
    release_v2(template, lambda r: append(r / SLUG / "s.yaml", "# v2\n"))
    project = generate(template, tmp_path / "p")
    assert update(project, template, "--to", "v1") == 2


@slow
def test_no_answers_file_refused(tmp_path):
    assert main(["update", str(tmp_path), "--no-input"]) == 2


def test_plain_cookiecutter_project_updates(template, tmp_path):
    out = tmp_path / "out"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "cookiecutter",
            str(template),
            "--no-input",
            "-o",
            str(out),
            "framework=none",
        ],
        check=True,
        capture_output=True,
    )
    project = next(out.iterdir())
    git(project, "init", "-q")
    commit_all(project)
    append(project / "code" / "lifecycle.py", "# mine\n")
    commit_all(project)
    release_v2(template, lambda r: append(r / SLUG / "s.yaml", "# v2\n"))
    assert update(project, template) == 0
    assert (project / "s.yaml").read_text().endswith("# v2\n")
    assert (project / "code" / "lifecycle.py").read_text().endswith("# mine\n")


@slow
def test_check_reports_behind_then_current(template, tmp_path, capsys):
    project = generate(template, tmp_path / "p")
    assert main(["check", str(project), "--template", str(template)]) == 0
    release_v2(template, lambda r: append(r / SLUG / "s.yaml", "# v2\n"))
    assert main(["check", str(project), "--template", str(template)]) == 1
    assert "v2" in capsys.readouterr().out
    assert update(project, template) == 0
    commit_all(project)
    assert main(["check", str(project), "--template", str(template)]) == 0


@slow
def test_question_new_in_template_gets_its_default(template, tmp_path):
    project = generate(template, tmp_path / "p")

    def edit(repo):
        spec = repo / "cookiecutter.json"
        spec.write_text(
            spec.read_text().replace(
                '\n  "http_auth":', '\n  "log_level": ["info", "debug"],\n  "http_auth":'
            )
        )
        append(repo / SLUG / "s.yaml", "# log level {{ cookiecutter.log_level }}\n")

    release_v2(template, edit)
    assert update(project, template) == 0
    assert (project / "s.yaml").read_text().endswith("# log level info\n")
    answers = json.loads((project / ".fc-lifecycle.json").read_text())["answers"]
    assert answers["log_level"] == "info"


@slow
def test_question_new_in_template_can_be_set(template, tmp_path):
    project = generate(template, tmp_path / "p")

    def edit(repo):
        spec = repo / "cookiecutter.json"
        spec.write_text(
            spec.read_text().replace(
                '\n  "http_auth":', '\n  "log_level": ["info", "debug"],\n  "http_auth":'
            )
        )
        append(repo / SLUG / "s.yaml", "# log level {{ cookiecutter.log_level }}\n")

    release_v2(template, edit)
    assert update(project, template, "--set", "log_level=debug") == 0
    assert (project / "s.yaml").read_text().endswith("# log level debug\n")


@slow
def test_set_unknown_question_refused_before_anything_changes(template, tmp_path):
    project = generate(template, tmp_path / "p")
    before = tree(project)
    assert update(project, template, "--set", "nope=1") == 2
    assert tree(project) == before


@slow
def test_bad_answer_refused_before_anything_changes(template, tmp_path):
    project = generate(template, tmp_path / "p")
    before = tree(project)
    assert update(project, template, "--set", "pre_stop_timeout=500") == 2
    assert tree(project) == before


@slow
def test_interrupted_update_leftover_is_cleared_and_said(template, tmp_path, capsys):
    project = generate(template, tmp_path / "p")
    before = tree(project)
    (project / ".fc-update").mkdir()  # killed while staging: no journal, nothing changed
    assert update(project, template) == 1
    err = capsys.readouterr().err
    assert "stopped mid-write: it had changed no file; the project is as it was before" in err
    assert tree(project) == before and not (project / ".fc-update").exists()


@slow
def test_new_question_without_terminal_asks_for_no_input(template, tmp_path, capsys):
    project = generate(template, tmp_path / "p")

    def edit(repo):
        spec = repo / "cookiecutter.json"
        spec.write_text(
            spec.read_text().replace(
                '\n  "http_auth":', '\n  "log_level": ["info", "debug"],\n  "http_auth":'
            )
        )

    release_v2(template, edit)
    code = main(["update", str(project), "--template", str(template)])
    assert code == 2
    err = capsys.readouterr().err
    assert "log_level" in err and "--no-input" in err


@slow
def test_remote_source_finds_base_in_cookiecutter_clone(template, tmp_path):
    project = generate(template, tmp_path / "p")
    record_path = project / ".fc-lifecycle.json"
    record = json.loads(record_path.read_text())
    record["template"]["source"] = "https://example.invalid/org/fc-template.git"
    record_path.write_text(json.dumps(record))
    commit_all(project)
    clone = Path.home() / ".cookiecutters" / "fc-template"
    shutil.copytree(template, clone)
    release_v2(template, lambda r: append(r / SLUG / "s.yaml", "# v2\n"))
    assert update(project, template) == 0
    assert (project / "s.yaml").read_text().endswith("# v2\n")


@slow
def test_an_http_function_becomes_an_event_function_on_its_framework(template, tmp_path):
    project = generate(template, tmp_path / "p", framework="flask")
    assert update(project, template, "--function-type", "event", "--trigger", "timer") == 0
    recorded = json.loads((project / ".fc-lifecycle.json").read_text())["answers"]
    assert (recorded["function_type"], recorded["framework"]) == ("event", "flask")
    assert '@routes.post("/invoke")' in (project / "code" / "app" / "routes.py").read_text()
    assert (project / "code" / "handler.py").is_file()
    assert [str(problem) for problem in validate(project)] == []
