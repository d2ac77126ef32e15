"""Update against the template bundled in the package: offline, no git for the template."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from fc_lifecycle import template_source
from fc_lifecycle.cli import main
from fc_lifecycle.render import render

ROOT = Path(__file__).resolve().parents[1]
SLUG = "{{cookiecutter.__project_dir}}"


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=True)


@pytest.fixture
def bundled(tmp_path, monkeypatch) -> Path:
    """A copy of the template outside git, standing in for the one inside the wheel."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(home / ".gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for key, value in (("user.name", "t"), ("user.email", "t@example.com")):
        subprocess.run(["git", "config", "--global", key, value], check=True)
    folder = tmp_path / "site-packages" / "template"
    folder.mkdir(parents=True)
    shutil.copy(ROOT / "cookiecutter.json", folder)
    shutil.copytree(ROOT / "fc_template", folder / "fc_template")
    shutil.copytree(ROOT / "hooks", folder / "hooks")
    shutil.copytree(ROOT / "templates", folder / "templates")
    shutil.copytree(ROOT / SLUG, folder / SLUG)
    monkeypatch.setattr(template_source, "bundled_template", lambda: folder)
    return folder


def project_from(bundled: Path, out: Path) -> Path:
    project = render(bundled, {"framework": "none", "project_name": "demo"}, out)
    lifecycle = project / "code" / "lifecycle.py"
    text = lifecycle.read_text()
    greeting = '    state["greeting"] = f"Hello from {name}"\n'
    assert greeting in text
    lifecycle.write_text(text.replace(greeting, greeting + "    STATE['db'] = 'mine'\n"))
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "generated and edited")
    return project


def test_answer_change_uses_bundled_template_as_base(bundled, tmp_path):
    project = project_from(bundled, tmp_path / "p")
    record = json.loads((project / ".fc-lifecycle.json").read_text())["template"]
    assert record["commit"] == ""
    assert main(["update", str(project), "--no-input", "--no-pre-stop"]) == 0
    assert "preStop" not in (project / "s.yaml").read_text()
    assert "def pre_stop" not in (project / "code" / "lifecycle.py").read_text()
    assert "STATE['db'] = 'mine'" in (project / "code" / "lifecycle.py").read_text()


def test_newer_bundled_version_without_old_one_writes_beside(bundled, tmp_path):
    project = project_from(bundled, tmp_path / "p")
    spec = bundled / "cookiecutter.json"
    spec.write_text(spec.read_text().replace('"_version": "1"', '"_version": "2"'))
    lifecycle = bundled / SLUG / "_variants" / "none-hooks" / "code" / "lifecycle.py"
    lifecycle.write_text(lifecycle.read_text() + "# v2\n")
    assert main(["update", str(project), "--no-input"]) == 1
    assert "STATE['db'] = 'mine'" in (project / "code" / "lifecycle.py").read_text()
    assert (project / "code" / "lifecycle.py.fc-new").read_text().endswith("# v2\n")
