"""The deploy package (``make build``): what .fcignore keeps out, links, loops, odd files."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT
from fc_lifecycle.render import render

SCRIPTS = ROOT / "{{cookiecutter.__project_dir}}" / "scripts"
_spec = importlib.util.spec_from_file_location("package_files", SCRIPTS / "package_files.py")
package_files = sys.modules["package_files"] = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(package_files)
THIS = f"{sys.version_info[0]}.{sys.version_info[1]}"


def names(plan) -> set[str]:
    return {entry.name for entry in plan.entries}


@pytest.fixture(scope="module")
def default_rules(tmp_path_factory) -> str:
    """The .fcignore a new project has (rendered for Python 3.12)."""
    out = tmp_path_factory.mktemp("rules")
    project = render(ROOT, {"framework": "none", "python_version": "3.12"}, out)
    return (project / "code" / ".fcignore").read_text()


@pytest.fixture
def code(tmp_path, default_rules) -> Path:
    folder = tmp_path / "code"
    (folder / "app").mkdir(parents=True)
    (folder / ".fcignore").write_text(default_rules)
    (folder / "bootstrap").write_text("#!/bin/bash\n")
    (folder / "app" / "views.py").write_text("x = 1\n")
    return folder


def touch(path: Path, text: str = "secret\n") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


@pytest.mark.parametrize(
    "path",
    [
        ".env", ".env.production", ".envrc", "app/.env.local", ".ENV", ".git/config",
        ".hg/hgrc", ".svn/entries", ".idea/workspace.xml", ".vscode/settings.json",
        ".DS_Store", "app/.DS_Store", "app/.views.py.swp", "views.py~", "Thumbs.db",
        "tests/test_x.py", "app/tests/test_y.py", ".venv/pyvenv.cfg",
        "__pycache__/x.cpython-311.pyc", "app/__pycache__/views.cpython-312.pyc",
        "python/flask/__init__.py",
    ],
)  # fmt: skip
def test_the_default_fcignore_keeps_it_out(code, path):
    touch(code / path)
    planned = names(package_files.plan(code))
    assert path not in planned and "app/views.py" in planned
    assert not any(path.startswith(name + "/") for name in planned - {"app"})


def test_what_fcignore_leaves_out_is_listed_not_the_caches(code):
    for path in (".env", ".git/HEAD", "__pycache__/a.cpython-311.pyc", "python/x.py"):
        touch(code / path)
    assert package_files.plan(code).left_out == [".env", ".git/"]


@pytest.mark.parametrize(
    ("rules", "path", "left_out"),
    [
        (["tests"], "app/tests", True),  # fc3: minimatch matchBase, as gitignore
        (["/tests"], "app/tests", False),
        (["./tests"], "tests", True),  # fc3 reads ./x as /x
        (["./tests"], "app/tests", False),
        (["*.log", "!keep.log"], "keep.log", False),
        (["*.LOG"], "a.log", True),  # fc3 ignores case
        (["data/"], "data", True),
        ([".abc/**"], ".abc/x", True),
    ],
)
def test_rules_read_as_fc3_reads_them(code, rules, path, left_out):
    (code / ".fcignore").write_text("\n".join(rules) + "\n")
    touch(code / path / "f") if "." not in path.rsplit("/", 1)[-1] else touch(code / path)
    planned = names(package_files.plan(code))
    assert (path not in planned) is left_out


def test_a_nested_fcignore_applies_below_its_folder(code):
    touch(code / "app" / ".fcignore", "*.csv\n")
    touch(code / "app" / "big.csv")
    touch(code / "top.csv")
    planned = names(package_files.plan(code))
    assert "app/big.csv" not in planned and "top.csv" in planned


def test_no_user_rule_brings_the_rebuilt_caches_back(code):
    (code / ".fcignore").write_text("!__pycache__\n!*.pyc\n!python\n")
    touch(code / "__pycache__" / "a.cpython-312.pyc")
    touch(code / "python" / "x.py")
    assert not {"__pycache__", "python"} & names(package_files.plan(code))


def test_a_link_inside_code_is_copied_as_what_it_points_to(code, tmp_path):
    (code / "shared").symlink_to("app")
    (code / "alias.py").symlink_to("app/views.py")
    plan = package_files.plan(code)
    assert {"shared", "shared/views.py", "alias.py"} <= names(plan)
    package_files.copy(plan, tmp_path / "out")
    copied = tmp_path / "out"
    assert not any(path.is_symlink() for path in copied.rglob("*"))
    assert (copied / "shared" / "views.py").read_text() == "x = 1\n"
    assert (copied / "alias.py").read_text() == "x = 1\n"
    assert os.access(copied / "app", os.X_OK)


@pytest.mark.parametrize("kind", ["file", "folder", "absolute", "via-inside-link"])
def test_a_link_out_of_code_is_refused_naming_it(code, tmp_path, kind):
    private = touch(tmp_path / "home" / ".ssh" / "id_rsa", "PRIVATE KEY\n")
    link = code / "app" / "key"
    if kind == "file":
        link.symlink_to(os.path.relpath(private, link.parent))
    elif kind == "folder":
        link.symlink_to(private.parent)
    elif kind == "absolute":
        link.symlink_to(private)
    else:
        (code / "app" / "up").symlink_to("..")  # code/, inside; then out through it
        link.symlink_to("up/../home/.ssh/id_rsa")
    with pytest.raises(package_files.PackageError) as error:
        package_files.plan(code)
    message = str(error.value)
    assert message.startswith("code/app/") and "outside code" in message and "\n" not in message


@pytest.mark.parametrize("kind", ["two-links", "self", "parent-folder", "root"])
def test_a_symlink_loop_is_refused_in_one_line(code, kind):
    if kind == "two-links":
        (code / "a").symlink_to("b")
        (code / "b").symlink_to("a")
    elif kind == "self":
        (code / "a").symlink_to("a")
    elif kind == "parent-folder":
        (code / "app" / "again").symlink_to("..")
    else:
        (code / "app" / "root").symlink_to(code)
    with pytest.raises(package_files.PackageError) as error:
        package_files.plan(code)
    assert "symlink loop" in str(error.value) and "\n" not in str(error.value)


def test_a_link_to_a_left_out_file_is_refused(code):
    touch(code / ".env", "KEY=1\n")
    (code / "settings.env").symlink_to(".env")
    (code / "hidden").symlink_to(".git")
    touch(code / ".git" / "config")
    with pytest.raises(package_files.PackageError, match=r"code/hidden: .* \.fcignore leaves out"):
        package_files.plan(code)


def test_a_dangling_link_and_a_fifo_are_refused(code):
    (code / "gone").symlink_to("nowhere")
    with pytest.raises(package_files.PackageError, match="code/gone: a symlink to nowhere"):
        package_files.plan(code)
    (code / "gone").unlink()
    os.mkfifo(code / "pipe")
    with pytest.raises(package_files.PackageError, match="code/pipe: not a regular file"):
        package_files.plan(code)


def build(project: Path) -> subprocess.CompletedProcess:
    """``make build``'s command for a project without dependencies, on this Python."""
    command = [sys.executable, "scripts/build.py", "--version", THIS, "--python", sys.executable]
    return subprocess.run(command, cwd=project, capture_output=True, text=True, timeout=120)


@pytest.fixture
def project(tmp_path) -> Path:
    return render(ROOT, {"framework": "none", "python_version": THIS}, tmp_path / "out")


@pytest.mark.e2e
def test_build_says_in_one_line_what_it_left_out(project):
    touch(project / "code" / ".env", "KEY=1\n")
    touch(project / "code" / ".git" / "HEAD")
    done = build(project)
    assert done.returncode == 0, done.stderr
    assert "left out by code/.fcignore: .env, .git/\n" in done.stdout
    package = project / "build" / "code"
    assert (package / "bootstrap").stat().st_mode & 0o111
    assert not (package / ".env").exists() and not (package / ".fcignore").exists()
    assert not (project / "build" / ".code.partial").exists()


@pytest.mark.e2e
def test_a_refused_build_writes_nothing(project, tmp_path):
    assert build(project).returncode == 0
    before = {p: p.read_bytes() for p in (project / "build").rglob("*") if p.is_file()}
    (project / "code" / "key").symlink_to(touch(tmp_path / "id_rsa"))
    done = build(project)
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        f"make build: code/key: a symlink to {tmp_path / 'id_rsa'}, outside code: FC gets only "
        "what is in it, so copy the file in or remove the link"
    ]
    after = {p: p.read_bytes() for p in (project / "build").rglob("*") if p.is_file()}
    assert after == before
