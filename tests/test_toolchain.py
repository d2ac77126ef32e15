"""The generated project's make targets as a user runs them: venv, run, build, deploy.

Two projects per run (one Flask, one with no framework), shared by the tests, on the newest
Python version this machine has besides the one running the tests, so the Makefile has to
find it by itself.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from ci_steps import BUILD_TARGET
from conftest import PYTHONS, ROOT
from fc_lifecycle.render import render
from fc_lifecycle.validate import validate
from helpers.python import interpreter

# One worker runs them all in order (make test passes --dist loadgroup): the projects are shared.
pytestmark = [pytest.mark.slow, pytest.mark.e2e, pytest.mark.xdist_group("toolchain")]
THIS = f"{sys.version_info[0]}.{sys.version_info[1]}"
TARGET = next(
    (v for v in PYTHONS if v != THIS and interpreter(v) != sys.executable), None
)  # fmt: skip
if TARGET is None:
    pytest.skip(f"needs a Python of {PYTHONS} other than {THIS}", allow_module_level=True)


def clean_path() -> str:
    """PATH without any fc-lifecycle or s, so the project must bring its own runner."""
    keep = [
        folder for folder in os.environ["PATH"].split(os.pathsep)
        if not any(Path(folder, name).exists() for name in ("fc-lifecycle", "s"))
    ]  # fmt: skip
    return os.pathsep.join(keep)


def make(project: Path, *args: str) -> subprocess.CompletedProcess:
    """``make ARGS`` in the project, as from a shell; stdout and stderr together."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHON", "VIRTUAL_ENV")}
    env.update(PATH=clean_path(), PIP_DISABLE_PIP_VERSION_CHECK="1")
    return subprocess.run(
        ["make", "--no-print-directory", *args], cwd=project, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=600,
    )  # fmt: skip


def project(tmp_path_factory, framework: str) -> Path:
    out = tmp_path_factory.mktemp(framework)
    return render(ROOT, {"framework": framework, "python_version": TARGET}, out)


@pytest.fixture(scope="module")
def flask_built(tmp_path_factory):
    """A Flask project after ``make build``; the output of that build."""
    folder = project(tmp_path_factory, "flask")
    result = make(folder, BUILD_TARGET)
    assert result.returncode == 0, result.stdout[-3000:]
    return folder, result.stdout


@pytest.fixture(scope="module")
def plain(tmp_path_factory):
    """A project with no dependencies, for the venv and deploy checks."""
    return project(tmp_path_factory, "none")


def venv_version(folder: Path) -> str:
    python = folder / ".venv" / "bin" / "python"
    code = "import sys; print('%d.%d' % sys.version_info[:2])"
    return subprocess.run([python, "-c", code], capture_output=True, text=True).stdout.strip()


def test_other_python_builds_sources_only_then_venv_goes_back_to_fcs_python(plain):
    other = make(plain, "build", f"PYTHON={sys.executable}")
    assert other.returncode == 0, other.stdout
    assert venv_version(plain) == THIS
    assert f"warning: PYTHON={sys.executable} is Python {THIS}, not {TARGET}" in other.stdout
    assert "sources only" in other.stdout
    assert list((plain / "build").rglob("*.pyc")) == []
    result = make(plain, "venv")
    assert result.returncode == 0, result.stdout
    assert f".venv is Python {THIS}, not {TARGET}: recreating it" in result.stdout
    assert f"Python {TARGET}: " in result.stdout  # the interpreter found, and how
    assert venv_version(plain) == TARGET


def test_build_reports_the_package_and_leaves_no_scripts(flask_built):
    folder, output = flask_built
    package = folder / "build" / "code"
    assert f"(Python {TARGET}, unchecked-hash)" in output
    assert "built build/code: " in output
    assert (package / "python" / "flask").is_dir()
    assert not (package / "python" / "bin").exists()
    assert (folder / "build" / "s.yaml").read_text() == (folder / "s.yaml").read_text()
    assert os.access(package / "bootstrap", os.X_OK)
    # What s deploy uploads from build/ agrees with s.yaml as the project itself does.
    assert [str(p) for p in validate(folder / "build")] == []
    assert [str(p) for p in validate(folder)] == []


def test_package_holds_no_path_of_the_build_machine(flask_built):
    folder, _ = flask_built
    needle = str(folder).encode()
    found = [p for p in (folder / "build").rglob("*") if p.is_file() and needle in p.read_bytes()]
    assert found == []


def test_bytecode_is_used_from_a_read_only_copy(flask_built, tmp_path):
    folder, _ = flask_built
    code = tmp_path / "code"
    shutil.copytree(folder / "build" / "code", code)
    for path in [code, *code.rglob("*")]:
        path.chmod(path.stat().st_mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    env = {
        "PATH": os.environ["PATH"], "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONPATH": f"{code}/python:{code}",
    }  # fmt: skip
    result = subprocess.run(
        [interpreter(TARGET), "-v", "-c", "import flask, app"],
        cwd=code, env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    loaded = [line for line in result.stderr.splitlines() if f"code object from '{code}" in line]
    assert loaded and all(line.endswith(".pyc'") for line in loaded), loaded[:5]


def test_run_brings_the_runner_and_works_after_build(flask_built):
    folder, _ = flask_built
    result = make(folder, "run", "ARGS=--invoke --path /")
    assert result.returncode == 0, result.stdout[-3000:]
    assert "installing fc-lifecycle (the local runner) into .venv from " in result.stdout
    assert "\n200 " in result.stdout
    assert "instance | FC Initialize End RequestId: " in result.stdout


def test_deploy_without_s_says_how_to_install_it_and_builds_nothing(plain):
    shutil.rmtree(plain / "build", ignore_errors=True)
    result = make(plain, "deploy", "S=s-is-not-installed")
    assert result.returncode != 0
    assert "npm install -g @serverless-devs/s" in result.stdout
    assert not (plain / "build").exists()


def fake_s(folder: Path, config_output: str) -> Path:
    """An ``s`` that answers ``config get`` with ``config_output`` and logs ``deploy``."""
    script = folder / "fake-s"
    script.write_text(
        "#!/bin/sh\n"
        f'if [ "$1" = config ]; then echo "{config_output}"; exit 0; fi\n'
        f'echo "$PWD $*" >> "{folder}/deploys.log"\n'
    )
    script.chmod(0o755)
    return script


def test_deploy_without_a_key_says_so_and_builds_nothing(plain, tmp_path):
    s = fake_s(tmp_path, "You have not yet been found to have configured key information.")
    shutil.rmtree(plain / "build", ignore_errors=True)
    result = make(plain, "deploy", f"S={s}")
    assert result.returncode != 0
    assert "no Alibaba Cloud key for access 'default' (s.yaml): run s config add" in result.stdout
    assert not (plain / "build").exists()


def test_deploy_builds_then_deploys_the_package(plain, tmp_path):
    s = fake_s(tmp_path, "Alias: default AccessKeyID: ***")
    result = make(plain, "deploy", f"S={s}")
    assert result.returncode == 0, result.stdout[-3000:]
    assert (tmp_path / "deploys.log").read_text() == f"{plain / 'build'} deploy -y\n"
    assert (plain / "build" / "code" / "__pycache__").is_dir()
