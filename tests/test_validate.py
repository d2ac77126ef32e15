"""``fc-lifecycle validate``: one mutation of a generated project per rule."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest
import yaml
from conftest import ROOT
from fc_lifecycle.cli import main
from fc_lifecycle.errors import UserError
from fc_lifecycle.render import render
from fc_lifecycle.validate import validate

FN = "resources.fc_lifecycle_app.props"


@pytest.fixture(scope="module")
def pristine(tmp_path_factory):
    """One generated project (Flask, both hooks) per hook choice, rendered once."""
    out = tmp_path_factory.mktemp("validate")
    return {
        hooks: render(ROOT, {"initializer": hooks, "pre_stop": hooks}, out / str(hooks))
        for hooks in (True, False)
    }


@pytest.fixture
def project(pristine, tmp_path):
    """A fresh copy of the project with both hooks, to mutate."""
    import shutil

    return Path(shutil.copytree(pristine[True], tmp_path / "p", symlinks=True))


def edit(project: Path, change) -> None:
    """Apply ``change`` to the parsed s.yaml and write it back."""
    path = project / "s.yaml"
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))


def props(data: dict) -> dict:
    return data["resources"]["fc_lifecycle_app"]["props"]


def hook(data, name):
    return props(data)["instanceLifecycleConfig"][name]


def http(data):
    return props(data)["triggers"][0]["triggerConfig"]


def setp(key, value):
    return lambda d: props(d).__setitem__(key, value)


def rename(mapping_of, old, new):
    def change(data):
        mapping = mapping_of(data)
        mapping[new] = mapping.pop(old)

    return change


MUTATIONS = [
    ("top-level typo", lambda d: d.__setitem__("acess", "default"), "acess", "unknown key"),
    ("props typo", rename(props, "environmentVariables", "enviromentVariables"),
     f"{FN}.enviromentVariables", "did you mean 'environmentVariables'?"),
    ("hook typo", rename(lambda d: hook(d, "initializer"), "handler", "handlr"),
     f"{FN}.instanceLifecycleConfig.initializer.handlr", "did you mean 'handler'?"),
    ("services", rename(lambda d: d, "resources", "services"), "services",
     "replaced by 'resources'"),
    ("edition", lambda d: d.__setitem__("edition", "2.0.0"), "edition", "must be '3.0.0'"),
    ("component", lambda d: d["resources"]["fc_lifecycle_app"].__setitem__("component", "fc"),
     "resources.fc_lifecycle_app.component", "does not match"),
    ("runtime", setp("runtime", "python3.11"), f"{FN}.runtime", "not an allowed value"),
    ("region", setp("region", "mars-1"), f"{FN}.region", "not an allowed value"),
    ("memory low", setp("memorySize", 100), f"{FN}.memorySize", "less than the minimum"),
    ("memory step", setp("memorySize", 130), f"{FN}.memorySize", "multiple of 64"),
    ("memory type", setp("memorySize", "512"), f"{FN}.memorySize", "not of type 'integer'"),
    ("timeout", setp("timeout", 90000), f"{FN}.timeout", "greater than the maximum"),
    ("concurrency", setp("instanceConcurrency", 201), f"{FN}.instanceConcurrency", "maximum"),
    ("disk", setp("diskSize", 1024), f"{FN}.diskSize", "is not one of"),
    ("name length", setp("functionName", "f" * 65), f"{FN}.functionName", "does not match"),
    ("hook timeout 0", lambda d: hook(d, "initializer").__setitem__("timeout", 0),
     f"{FN}.instanceLifecycleConfig.initializer.timeout", "less than the minimum"),
    ("initializer > 300", lambda d: hook(d, "initializer").__setitem__("timeout", 301),
     f"{FN}.instanceLifecycleConfig.initializer.timeout", "at most 300 s"),
    ("preStop > 90", lambda d: hook(d, "preStop").__setitem__("timeout", 91),
     f"{FN}.instanceLifecycleConfig.preStop.timeout", "at most 90 s"),
    ("handler and command", lambda d: hook(d, "preStop").__setitem__("command", ["x"]),
     f"{FN}.instanceLifecycleConfig.preStop", "exactly one of handler or command"),
    ("neither", lambda d: hook(d, "preStop").pop("handler"),
     f"{FN}.instanceLifecycleConfig.preStop", "exactly one of handler or command"),
    ("env int", lambda d: props(d)["environmentVariables"].__setitem__("DEBUG", 1),
     f"{FN}.environmentVariables.DEBUG", "not of type 'string'"),
    ("env key", lambda d: props(d)["environmentVariables"].__setitem__("1X", "y"),
     f"{FN}.environmentVariables", "does not match"),
    ("env FC_", lambda d: props(d)["environmentVariables"].__setitem__("FC_MODE", "y"),
     f"{FN}.environmentVariables.FC_MODE", "reserved"),
    ("env size", lambda d: props(d)["environmentVariables"].__setitem__("BIG", "x" * 4000),
     f"{FN}.environmentVariables", "FC allows 4 KB"),
    ("cpu step", setp("cpu", 0.33), f"{FN}.cpu", "multiple of 0.05"),
    ("cpu ratio", setp("cpu", 2), f"{FN}.cpu", "1:1 to 1:4"),
    ("layer arn", setp("layers", ["Python39"]), f"{FN}.layers.0", "does not match"),
    ("methods case", lambda d: http(d).__setitem__("methods", ["get"]),
     f"{FN}.triggers.0.triggerConfig.methods.0", "is not one of"),
    ("no authType", lambda d: http(d).pop("authType"),
     f"{FN}.triggers.0.triggerConfig", "'authType' is a required property"),
    ("trigger name", lambda d: props(d)["triggers"][0].__setitem__("triggerName", "1http"),
     f"{FN}.triggers.0.triggerName", "does not match"),
    ("lists", lambda d: http(d).update(
        authType="jwt", authConfig={"whitelist": ["/a"], "blacklist": ["/b"]}),
     f"{FN}.triggers.0.triggerConfig.authConfig", "cannot both be set"),
    ("health check", setp("customRuntimeConfig", {"healthCheckConfig": {"timeoutSeconds": 5}}),
     f"{FN}.customRuntimeConfig.healthCheckConfig.timeoutSeconds", "maximum"),
    ("custom config on python3.10", lambda d: props(d).update(runtime="python3.10", handler="i.h"),
     f"{FN}.customRuntimeConfig", "only for custom runtimes"),
    ("undefined var", setp("description", "${vars.nope}"), f"{FN}.description",
     "not defined in vars"),
    ("port", lambda d: props(d)["customRuntimeConfig"].__setitem__("port", 8080),
     f"{FN}.customRuntimeConfig.port", "listens on 9000"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "change", "path", "message"), MUTATIONS, ids=[m[0] for m in MUTATIONS]
)
def test_each_rule_rejects_its_mutation(project, name, change, path, message):
    edit(project, change)
    problems = validate(project)
    assert any(p.path == path and message in p.message for p in problems), problems


def test_generated_projects_pass(pristine):
    assert validate(pristine[True]) == []
    assert validate(pristine[False]) == []


def test_hook_configured_without_its_route(pristine, tmp_path):
    import shutil

    project = Path(shutil.copytree(pristine[False], tmp_path / "p"))
    edit(project, lambda d: props(d).__setitem__(
        "instanceLifecycleConfig", {"initializer": {"handler": "true", "timeout": 3}}))  # fmt: skip
    (problem,) = validate(project)
    assert problem.path == f"{FN}.instanceLifecycleConfig.initializer"
    assert "no code in code/ serves POST /initialize" in problem.message


def test_route_served_without_its_hook(project):
    edit(project, lambda d: props(d)["instanceLifecycleConfig"].pop("preStop"))
    (problem,) = validate(project)
    assert problem.path == f"{FN}.instanceLifecycleConfig"
    assert "GET /pre-stop" in problem.message and "never calls it" in problem.message


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda b: b.chmod(0o644), "not executable"),
        (lambda b: b.write_bytes(b.read_bytes().replace(b"\n", b"\r\n")), "CRLF"),
        (lambda b: b.write_text("exec python3 server.py\n"), "does not start with #!"),
        (lambda b: b.unlink(), "does not exist"),
    ],
    ids=["mode", "crlf", "shebang", "missing"],
)
def test_bootstrap_problems(project, damage, message):
    damage(project / "code" / "bootstrap")
    assert any(message in p.message for p in validate(project))


def test_duplicate_key_is_an_error(project):
    text = (
        (project / "s.yaml")
        .read_text()
        .replace("      timeout: 60\n", "      timeout: 60\n      timeout: 61\n")
    )
    (project / "s.yaml").write_text(text)
    with pytest.raises(UserError, match="duplicated mapping key 'timeout'"):
        validate(project)


def test_cli_clean_project_prints_one_ok_line(pristine, capsys):
    assert main(["validate", str(pristine[True])]) == 0
    (line,) = capsys.readouterr().out.splitlines()
    assert line.startswith("OK: ")


def test_cli_reports_path_line_and_suggestion(project, capsys):
    text = (project / "s.yaml").read_text().replace("environmentVariables", "enviromentVariables")
    (project / "s.yaml").write_text(text)
    assert main(["validate", str(project)]) == 1
    (line,) = capsys.readouterr().out.splitlines()
    assert line.startswith(f"{FN}.enviromentVariables: unknown key")
    assert "did you mean 'environmentVariables'?" in line
    assert line.endswith(f"(line {text.splitlines().index('      enviromentVariables:') + 1})")


def test_cli_json(project, capsys):
    edit(project, setp("timeout", 0))
    assert main(["validate", "--json", str(project / "s.yaml")]) == 1
    (problem,) = json.loads(capsys.readouterr().out)
    assert problem["path"] == f"{FN}.timeout"


def test_cli_unreadable_file_is_exit_2(tmp_path, capsys):
    assert main(["validate", str(tmp_path / "missing.yaml")]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_generated_s_yaml_passes_fc3_own_schema(pristine):
    fc3 = ROOT / "tests" / "data" / "fc3" / "schema.json"  # vendored from ../shared/fc3
    from fc_lifecycle import syaml
    from jsonschema import Draft7Validator

    validator = Draft7Validator(json.loads(fc3.read_text()))
    for project in pristine.values():
        for resource in syaml.load(project / "s.yaml").data["resources"].values():
            assert list(validator.iter_errors(copy.deepcopy(resource["props"]))) == []


@pytest.mark.parametrize(
    ("prop", "variable", "value"),
    [("instanceConcurrency", "INSTANCE_CONCURRENCY", 50), ("timeout", "FUNCTION_TIMEOUT", 600)],
)
def test_server_setting_drift_names_both_lines(make_project, prop, variable, value):
    project = make_project(framework="flask")
    s_yaml = project / "s.yaml"
    text = s_yaml.read_text()
    s_yaml.write_text(re.sub(rf"^(      {prop}): \d+$", rf"\g<1>: {value}", text, flags=re.M))
    (problem,) = validate(project)
    assert problem.path.endswith(f"environmentVariables.{variable}")
    assert f"but {prop} (line " in problem.message
    assert problem.line is not None
