"""``fc_support`` is one unit: no Jinja, the same in every project of a framework, versioned,
and ``update`` names its version when it changes it (offline, git repositories in tmp_path)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from fc_lifecycle.cli import main
from fc_lifecycle.render import render

ROOT = Path(__file__).resolve().parents[1]
SLUG = "{{cookiecutter.__project_dir}}"
SUPPORT_INIT = Path(SLUG) / "code" / "fc_support" / "__init__.py"


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, check=True
    ).stdout.strip()


def support_sources() -> list[Path]:
    """Every file of the template that ends up in a project's ``code/fc_support``."""
    return [
        path for path in (ROOT / SLUG).rglob("*") if path.is_file() and "fc_support" in path.parts
    ]


def test_no_jinja_in_fc_support():
    jinja = re.compile(r"\{\{|\{%|\{#")
    found = [str(p.relative_to(ROOT)) for p in support_sources() if jinja.search(p.read_text())]
    assert support_sources() and not found


def support_files(project: Path) -> dict[str, bytes]:
    folder = project / "code" / "fc_support"
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*.py")}


@pytest.mark.parametrize("framework", ["flask", "fastapi", "django", "none"])
def test_same_package_whatever_the_other_answers(framework, tmp_path):
    one = render(ROOT, {"framework": framework, "project_name": "a"}, tmp_path / "1", replay=False)
    other = {
        "framework": framework, "project_name": "other name", "function_name": "zz",
        "python_version": "3.9", "initializer": False, "pre_stop": False, "timeout": 900,
        "instance_concurrency": 77, "memory_size": 2048, "region": "eu-central-1",
    }  # fmt: skip
    two = render(ROOT, other, tmp_path / "2", replay=False)
    assert support_files(one) == support_files(two)


def test_settings_fall_back_to_the_projects_s_yaml(tmp_path, monkeypatch):
    """Started without FC's variables (``./bootstrap`` by hand), the server reads s.yaml."""
    answers = {"framework": "none", "timeout": 123, "instance_concurrency": 7}
    project = render(ROOT, answers, tmp_path, replay=False)
    for name in ("INSTANCE_CONCURRENCY", "FUNCTION_TIMEOUT", "FC_CUSTOM_LISTEN_PORT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("FC_SERVER_PORT", raising=False)
    script = (
        "from fc_support import settings as s; print(s.concurrency(), s.timeout(), s.listen_port())"
    )
    run = lambda: subprocess.run(  # noqa: E731
        ["python3", "-c", script], cwd=project / "code", capture_output=True, text=True, check=True
    ).stdout.split()
    assert run() == ["7", "123", "9000"]
    monkeypatch.setenv("INSTANCE_CONCURRENCY", "3")
    assert run()[0] == "3"
    (project / "s.yaml").unlink()  # as on FC without the variables: FC's own defaults
    monkeypatch.delenv("INSTANCE_CONCURRENCY")
    assert run() == ["1", "3", "9000"]


def template_repo(tmp_path: Path) -> Path:
    repo = tmp_path / "template"
    repo.mkdir()
    shutil.copy(ROOT / "cookiecutter.json", repo)
    for name in ("fc_template", "hooks", "templates", SLUG):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, repo / name)
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "v1")
    return repo


def test_update_names_the_fc_support_version_it_changes(tmp_path, monkeypatch, capsys):
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(home / ".gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    git(tmp_path, "config", "--global", "user.name", "t")
    git(tmp_path, "config", "--global", "user.email", "t@example.com")
    repo = template_repo(tmp_path)
    project = render(repo, {"framework": "none"}, tmp_path / "p", replay=False)
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "generated")
    init = repo / SUPPORT_INIT
    (version,) = re.findall(r'^__version__ = "(\d+)"', init.read_text(), re.MULTILINE)
    bumped = str(int(version) + 1)
    init.write_text(init.read_text().replace(f'"{version}"', f'"{bumped}"'))
    git(repo, "commit", "-qam", "fc_support bumped")
    capsys.readouterr()
    assert main(["update", str(project), "--template", str(repo), "--no-input"]) == 0
    assert f"fc_support {version} -> {bumped}\n" in capsys.readouterr().out
    # An update that leaves fc_support alone does not mention it.
    (repo / SLUG / "s.yaml").write_text((repo / SLUG / "s.yaml").read_text() + "# v3\n")
    git(repo, "commit", "-qam", "s.yaml only")
    git(project, "commit", "-qam", "updated")
    capsys.readouterr()
    assert main(["update", str(project), "--template", str(repo), "--no-input"]) == 0
    assert "fc_support" not in capsys.readouterr().out
