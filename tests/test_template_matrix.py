"""Every framework x Python x hook subset renders a complete, consistent project.

Each combination is baked once for the module and checked many ways. The two checks that
start a tool per project (mypy, ``s preview``) run once per distinct input, not once per
combination: mypy sees only the code, tests and ``[tool.mypy]`` (never the Python version,
the region or the numbers), and ``s preview`` reads only ``s.yaml``, which no template line
writes from the framework. Combinations whose input is the same text once the answers' names
are replaced (``code_tree_key``, ``s_yaml_key``) share one run: their results cannot differ,
so every combination is still covered while mypy runs 64 times and ``s preview`` 28 times
instead of 112 each (``s.yaml`` differs by Python, hooks, function type and trigger only).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tokenize
from pathlib import Path

import pytest
from conftest import PYTHONS, ROOT, SPEC, combinations
from fc_lifecycle import syaml
from fc_lifecycle.project_facts import function_type, has_http_trigger, served_hooks
from fc_lifecycle.validate import validate
from helpers.s_cli import s_cli, s_preview
from helpers.shared import mypy_cache, shared_folder

from fc_template import facts

COMMON_FILES = {
    ".fc-lifecycle.json", ".gitattributes", ".gitignore", "Makefile", "README.md",
    "pyproject.toml", "requirements-dev.txt", "requirements-lint.txt", "s.yaml",
    "code/.fcignore", "code/bootstrap", "code/requirements.txt",
    "code/fc_support/__init__.py", "code/fc_support/hooks.py", "code/fc_support/logs.py",
    "code/fc_support/settings.py",
    "tests/app_fixtures.py", "tests/conftest.py", "tests/helpers.py", "tests/test_routes.py",
    "tests/test_fc_plumbing.py", "tests/test_contract.py", "scripts/build.py", "scripts/devenv.py",
    "scripts/package_files.py",
}  # fmt: skip
FRAMEWORK_FILES = {
    "none": {"code/server.py", "code/routes.py", "code/fc_support/server.py"},
    "flask": {"code/app/__init__.py", "code/app/routes.py", "code/gunicorn.conf.py",
              "code/fc_support/wsgi.py", "code/fc_support/streaming.py"},
    "fastapi": {"code/app/__init__.py", "code/app/main.py", "code/app/routers/items.py",
                "code/app/dependencies.py", "code/fc_support/asgi.py"},
    "django": {"code/manage.py", "code/config/settings.py", "code/gunicorn.conf.py",
               "code/fcapp/views.py", "code/fcapp/apps.py", "code/fc_support/django.py",
               "code/fc_support/streaming.py"},
}  # fmt: skip
EVENT_FILES = {"code/handler.py", "code/fc_support/events.py", "tests/events/sample.json",
               "tests/event_client.py"}  # fmt: skip
# Files of a framework that an event function has instead of (or without) its HTTP examples.
EVENT_ONLY = {"fastapi": {"code/app/routers/invoke.py"}}
HTTP_ONLY = {"fastapi": {"code/app/routers/items.py", "code/app/dependencies.py"}}
HOOK_FILES = {"initializer": "tests/test_initialize.py", "pre_stop": "tests/test_pre_stop.py"}
RUFF = shutil.which("ruff", path=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")


def answers_for(framework: str, python: str, hooks: dict) -> dict:
    """Answers for one combination, with non-default numbers so agreement is visible
    (``event:<trigger>:<framework>``: an event function with that trigger on that framework).

    Combinations with both hooks on FC's newest Python have ``ci=github``: every framework
    and function type (every event trigger, too) renders its workflows once. Those on
    Python 3.11 have ``language=zh``: the language changes only text (README, Makefile
    messages, docstrings and comments), whose choice depends on the framework, function type,
    trigger and hooks but never on the Python version, and 3.11 has every framework x hook
    subset of HTTP functions and every trigger x framework of event functions."""
    if framework.startswith("event:"):
        _, trigger, framework = framework.split(":")
        event = {
            "function_type": "event", "trigger": trigger,
            "timer_cron": "0 */5 * * * *", "timer_payload": "nightly",
            "oss_bucket": "demo-bucket", "oss_events": "oss:ObjectCreated:PutObject",
        }  # fmt: skip
        return {**answers_for(framework, python, hooks), **event}
    return {
        "project_name": f"Demo {framework} {python}",
        "framework": framework,
        "python_version": python,
        "initializer_timeout": 300,
        "pre_stop_timeout": 90,
        "memory_size": 1024,
        "timeout": 120,
        "instance_concurrency": 20,
        "region": "cn-shanghai",
        "http_auth": "function",
        "ci": "github" if python == PYTHONS[0] and all(hooks.values()) else "none",
        "language": "zh" if python == PYTHONS[1] else "en",
        **hooks,
    }


@pytest.fixture(scope="module", params=combinations())
def rendered(request, cookies_session):
    """Bake each combination once (pytest-cookies: plain cookiecutter) for this module."""
    framework, python, hooks = request.param
    answers = answers_for(framework, python, hooks)
    result = cookies_session.bake(template=str(ROOT), extra_context=answers)
    assert result.exception is None, result.exception
    return result.project_path, answers


def files_of(project: Path) -> set[str]:
    return {p.relative_to(project).as_posix() for p in project.rglob("*") if p.is_file()}


def function_props(project: Path) -> dict:
    """The function's props as Serverless Devs reads them: strict, with ${vars.x} resolved."""
    (resource,) = syaml.load(project / "s.yaml").data["resources"].values()
    return resource["props"]


def test_no_template_syntax_left(rendered):
    project, _ = rendered
    for path in project.rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            # GitHub's own ${{ expression }} is meant to stay in a workflow.
            assert not re.search(r"(?<!\$)\{\{|\{%|%\}", text), path


def test_workflows_exactly_when_ci_is_github(rendered):
    project, answers = rendered
    workflows = {p.name for p in (project / ".github" / "workflows").glob("*")}
    assert workflows == ({"ci.yml", "deploy.yml"} if answers["ci"] == "github" else set())
    assert (project / ".github").exists() == (answers["ci"] == "github")


def kind_files(answers: dict) -> tuple[set[str], set[str]]:
    """The files of this framework and function type, and those of the other kind."""
    framework = answers["framework"]
    event = EVENT_FILES | EVENT_ONLY.get(framework, set())
    http = HTTP_ONLY.get(framework, set())
    return (event, http) if answers.get("function_type") == "event" else (http, event)


def test_expected_files_present(rendered):
    project, answers = rendered
    mine, other = kind_files(answers)
    expected = COMMON_FILES | (FRAMEWORK_FILES[answers["framework"]] - other) | mine
    expected |= {path for hook, path in HOOK_FILES.items() if answers[hook]}
    assert expected <= files_of(project)


def test_excluded_files_absent(rendered):
    project, answers = rendered
    mine, other = kind_files(answers)
    excluded = set().union(*FRAMEWORK_FILES.values()) - FRAMEWORK_FILES[answers["framework"]]
    excluded |= {path for hook, path in HOOK_FILES.items() if not answers[hook]}
    excluded |= other
    assert not excluded & files_of(project)
    assert not [name for name in files_of(project) if "_variants" in name or "{" in name]


def test_the_function_type_is_read_from_answers_and_from_triggers_alike(rendered):
    project, answers = rendered
    props = function_props(project)
    kind = answers.get("function_type", "http")
    assert function_type(project, props) == kind
    if props.get("triggers"):  # without the answers file, s.yaml's triggers tell
        assert function_type(project / "no-answers-file", props) == kind
    assert has_http_trigger(props) == (kind == "http")
    code = " ".join(p.read_text() for p in (project / "code").rglob("*.py"))
    assert ("save_item" in code) == (kind == "http")


CJK = re.compile(r"[\u4e00-\u9fff]")


def test_text_is_in_the_chosen_language_and_fc_support_in_english(rendered):
    project, answers = rendered
    zh = answers["language"] == "zh"
    makefile = (project / "Makefile").read_text()
    help_lines = re.findall(r"^[a-z]+:.*## (.*)$", makefile, re.MULTILINE)
    assert len(help_lines) > 5
    user_code = [p for p in (project / "code").rglob("*.py") if "fc_support" not in p.parts]
    assert bool(CJK.search((project / "README.md").read_text())) == zh
    assert all(bool(CJK.search(line)) == zh for line in help_lines)
    assert all(bool(CJK.search(path.read_text())) == zh for path in user_code), user_code
    assert not any(CJK.search(p.read_text()) for p in (project / "code" / "fc_support").rglob("*"))


def test_no_empty_files_left_behind(rendered):
    project, _ = rendered
    empty = [p for p in files_of(project) if not (project / p).stat().st_size]
    assert not [p for p in empty if not p.endswith("__init__.py")]


def test_lifecycle_file_has_exactly_the_enabled_hooks(rendered):
    project, answers = rendered
    lifecycle = project / "code" / "lifecycle.py"
    if not (answers["initializer"] or answers["pre_stop"]):
        assert not lifecycle.exists()  # no file without a hook in it
    expected = {facts.HOOKS[name].path for name in ("initializer", "pre_stop") if answers[name]}
    assert served_hooks(project / "code") == expected


def test_no_framework_branches_in_shared_files():
    shared = [ROOT / "{{cookiecutter.__project_dir}}" / p for p in ("code", "tests")]
    for folder in shared:
        for path in folder.rglob("*"):
            if path.is_file() and "_variants" not in path.parts:
                assert "cookiecutter.framework" not in path.read_text(), path


def test_s_yaml_agrees_with_answers(rendered):
    project, answers = rendered
    python = SPEC["_python"][answers["python_version"]]
    props = function_props(project)
    assert props["runtime"] == python["runtime"]
    recorded = json.loads((project / ".fc-lifecycle.json").read_text())["answers"]
    assert props["functionName"] == recorded["function_name"]
    assert props["memorySize"] == answers["memory_size"]
    assert props["timeout"] == answers["timeout"]
    assert props["instanceConcurrency"] == answers["instance_concurrency"]
    env = props["environmentVariables"]
    assert env["INSTANCE_CONCURRENCY"] == str(answers["instance_concurrency"])
    assert env["FUNCTION_TIMEOUT"] == str(answers["timeout"])
    assert props["customRuntimeConfig"]["port"] == facts.PORT
    assert_triggers(props.get("triggers", []), answers)
    path = props["environmentVariables"]["PATH"].split(":")
    assert path[0] == "/code/python/bin"
    assert path[1] == (python["bin"] or "/usr/local/bin")
    layer = python["layer"].replace("${vars.region}", answers["region"])
    assert props.get("layers", []) == ([layer] if layer else [])


def assert_triggers(triggers: list, answers: dict) -> None:
    """An HTTP function: one HTTP trigger; an event function: no HTTP trigger, and its own
    with fc3's keys only."""
    if answers.get("function_type") != "event":
        assert [t["triggerType"] for t in triggers] == ["http"]
        assert triggers[0]["triggerConfig"]["authType"] == answers["http_auth"]
        return
    kind = answers["trigger"]
    assert [t["triggerType"] for t in triggers] == ([] if kind == "none" else [kind])
    if kind == "timer":
        assert triggers[0]["triggerConfig"] == {
            "cronExpression": answers["timer_cron"], "enable": True,
            "payload": answers["timer_payload"],
        }  # fmt: skip
    if kind == "oss":
        (trigger,) = triggers
        assert trigger["sourceArn"].endswith(":" + answers["oss_bucket"])
        assert trigger["invocationRole"].endswith(":role/aliyunosseventnotificationrole")
        assert trigger["triggerConfig"]["events"] == answers["oss_events"].split(",")


def test_s_yaml_has_exactly_the_enabled_hooks(rendered):
    project, answers = rendered
    hooks = function_props(project).get("instanceLifecycleConfig", {})
    expected = {
        key: {"handler": "true", "timeout": answers[f"{name}_timeout"]}
        for name, key in (("initializer", "initializer"), ("pre_stop", "preStop"))
        if answers[name]
    }
    assert hooks == expected


def test_bootstrap_is_executable_lf_bash_and_uses_the_port(rendered):
    project, _ = rendered
    bootstrap = project / "code" / "bootstrap"
    data = bootstrap.read_bytes()
    assert stat.S_IMODE(bootstrap.stat().st_mode) == 0o755
    assert data.startswith(b"#!/bin/bash\n")
    assert b"\r" not in data
    assert f":-{facts.PORT}}}".encode() in data
    assert re.search(rb"^exec python3 ", data, re.MULTILINE)


@pytest.mark.skipif(RUFF is None, reason="ruff is not installed")
def test_generated_code_passes_ruff_and_is_formatted_for_its_python(rendered):
    project, _ = rendered
    # From the project folder, so ruff uses the project's own settings (target version, src).
    for command in (["check", "--no-cache"], ["format", "--check", "--no-cache"]):
        result = subprocess.run([RUFF, *command, "."], cwd=project, capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr


def names_of(project: Path) -> list[str]:
    """The names the answers put in a project, the longest first (a name may contain another)."""
    answers = json.loads((project / ".fc-lifecycle.json").read_text())["answers"]
    names = {str(answers[k]) for k in ("project_name", "project_slug", "function_name")}
    names.add(str(answers["function_name"]).replace("-", "_"))  # s.yaml's resource key
    return sorted(names, key=len, reverse=True)


def key_of(project: Path, texts: dict[str, str]) -> str:
    """A digest of ``texts`` (relative path: text) with the project's names replaced:
    combinations that differ only in those give one key."""
    names = names_of(project)
    digest = hashlib.sha256()
    for path, text in sorted(texts.items()):
        for name in names:
            text = text.replace(name, "NAME")
        digest.update(f"{path}\0{text}\0".encode())
    return digest.hexdigest()


def code_tree_key(project: Path) -> str:
    """What mypy sees of a project (its code, tests and mypy settings), names replaced: the
    Python versions, region and numbers are not in it, nor docstrings and comments (but
    ``type:`` and ``mypy:`` ones), which mypy does not read: the language's text is not."""
    files = [*project.glob("code/**/*.py"), *project.glob("tests/**/*.py")]
    texts = {path.relative_to(project).as_posix(): code_only(path) for path in files}
    settings = (project / "pyproject.toml").read_text()
    texts["pyproject.toml"] = settings[settings.index("[tool.mypy]") :]
    return key_of(project, texts)


def code_only(path: Path) -> str:
    """The tokens of a Python file without its docstrings (a string alone on its line) and
    comments, but those mypy reads."""
    kept, previous = [], tokenize.NEWLINE
    with path.open("rb") as stream:
        tokens = list(tokenize.tokenize(stream.readline))
    for token, following in zip(tokens, [*tokens[1:], None]):
        docstring = (
            token.type == tokenize.STRING
            and previous in (tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.ENCODING)
            and following is not None
            and following.type == tokenize.NEWLINE
        )
        said = token.type == tokenize.COMMENT and not re.search(r"#\s*(type|mypy):", token.string)
        if not (docstring or said or token.type in (tokenize.NL, tokenize.ENCODING)):
            kept.append(token.string)
        if token.type not in (tokenize.NL, tokenize.COMMENT):
            previous = token.type
    return " ".join(kept)


def s_yaml_key(project: Path) -> str:
    """What ``s preview`` reads of a project (its ``s.yaml``), names replaced."""
    return key_of(project, {"s.yaml": (project / "s.yaml").read_text()})


@pytest.fixture(scope="session")
def first_to_check(tmp_path_factory):
    """``first_to_check(name)``: whether this is the run's first test to check the input
    ``name`` (a tool and a key), which it then claims; a test whose input another combination
    claimed leaves the check to that one, whose failure fails the run. One marker file per
    input, made atomically, in a folder the xdist workers share (beside the mypy caches, one
    per framework: ``helpers/shared.py``): the frameworks take turns in the matrix, so the
    workers often hold combinations with the same ``s.yaml`` at once, and a marker written
    after the check let each of them run it (107 ``s preview`` runs for 28 inputs)."""
    folder = shared_folder(tmp_path_factory, "template-matrix", "claimed")

    def claim(name: str) -> bool:
        try:
            (folder / name).touch(exist_ok=False)
        except FileExistsError:
            return False
        return True

    return claim


@pytest.mark.slow  # a mypy process per distinct code tree
def test_generated_code_passes_mypy(rendered, first_to_check, tmp_path_factory):
    project, answers = rendered
    if not first_to_check(f"mypy-{code_tree_key(project)}"):
        return  # this very code is checked by another combination of this run
    # The project's own settings ([tool.mypy] in its pyproject.toml), as `make lint` runs.
    with mypy_cache(tmp_path_factory, answers["framework"]) as cache:
        result = subprocess.run(
            [sys.executable, "-m", "mypy", "--cache-dir", str(cache)],
            cwd=project, capture_output=True, text=True,
        )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


def test_validate_finds_no_problem(rendered):
    project, _ = rendered
    assert [str(p) for p in validate(project)] == []


@pytest.fixture(scope="session")
def s_home(tmp_path_factory) -> Path:
    """The worker's HOME for the s CLI: in a new HOME, each ``s`` started a process of its own
    to look for a newer release (0.3 CPU-s, left running after ``s`` exited)."""
    return tmp_path_factory.mktemp("s-home")


@pytest.mark.e2e  # node, per distinct s.yaml
@pytest.mark.skipif(s_cli() is None, reason="the s CLI is not installed (npm missing?)")
def test_s_preview_renders_the_function(rendered, first_to_check, s_home):
    project, answers = rendered
    if not first_to_check(f"s-preview-{s_yaml_key(project)}"):
        return  # this very s.yaml, but for the names, is checked by another combination
    resource = s_preview(project, s_home)
    assert resource["props"] == function_props(project)
    assert resource["props"]["region"] == answers["region"]
