"""The generated project's language (``language``: en, zh): chosen by ``new`` from the
language fc-lifecycle speaks, kept and changed by ``update`` like any answer, ``en`` for a
project recorded before the question existed. The matrix (``test_template_matrix``) renders
``zh`` on every Python 3.11 combination and runs every check on it."""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

import pytest
from conftest import ROOT, SPEC
from fc_lifecycle import answers, i18n
from fc_lifecycle.cli import main
from fc_lifecycle.new import generate as wizard_generate
from fc_lifecycle.validate import validate
from helpers.update_repo import commit_all, generate, tree
from helpers.wizard import DOWN, ENTER, keys_by_name

CJK = re.compile(r"[\u4e00-\u9fff]")
TEXTS = ROOT / "templates" / "text"


def recorded(project: Path) -> dict:
    return json.loads((project / answers.FILE).read_text(encoding="utf-8"))["answers"]


def new(out: Path, *argv: str) -> Path:
    assert main(["new", "--no-input", "-q", "-o", str(out), *argv]) == 0
    (project,) = out.iterdir()
    return project


def test_every_language_has_every_text_of_english():
    """Adding a language is one folder beside ``en``: the same files, and in each Jinja
    module (``code.j2``, ``make.j2``) the same names."""
    english = {p.relative_to(TEXTS / "en") for p in (TEXTS / "en").rglob("*") if p.is_file()}
    assert sorted(p.name for p in TEXTS.iterdir()) == SPEC["language"]
    for folder in TEXTS.iterdir():
        assert {p.relative_to(folder) for p in folder.rglob("*") if p.is_file()} == english
        for module in ("code.j2", "make.j2"):
            names = re.findall(r"{% set (\w+) %}", (folder / module).read_text(encoding="utf-8"))
            wanted = re.findall(r"{% set (\w+) %}", (TEXTS / "en" / module).read_text())
            assert names == wanted, (folder.name, module)


def test_new_takes_the_language_it_speaks(tmp_path):
    assert recorded(new(tmp_path / "en"))["language"] == "en"
    project = new(tmp_path / "zh", "--lang", "zh", "--framework", "fastapi")
    assert recorded(project)["language"] == "zh"
    readme = (project / "README.md").read_text(encoding="utf-8")
    assert "## 本地运行" in readme and "初始化回调" in readme and "PreStop 回调" in readme
    assert "POST /initialize" in readme and "make test" in readme  # tokens stay
    lifecycle = (project / "code" / "lifecycle.py").read_text(encoding="utf-8")
    assert lifecycle.startswith('"""实例的生命周期回调')
    assert "async def initialize(state: State, context: Context) -> None:" in lifecycle
    makefile = (project / "Makefile").read_text(encoding="utf-8")
    assert "test: venv  ## 运行项目的测试" in makefile
    assert [str(problem) for problem in validate(project)] == []


def test_language_flag_wins_over_the_spoken_language(tmp_path):
    project = new(tmp_path / "out", "--lang", "zh", "--language", "en")
    assert recorded(project)["language"] == "en"
    assert not CJK.search((project / "README.md").read_text(encoding="utf-8"))


def run_wizard(out: Path, keys: dict[str, str]) -> Path:
    with keys_by_name(SPEC, keys):
        return wizard_generate(
            template=None, checkout=None, args=argparse.Namespace(set=[]), output_dir=out,
            interactive=True, force=False,
        )  # fmt: skip


def test_the_wizard_asks_the_language_only_among_the_advanced_settings(tmp_path):
    assert recorded(run_wizard(tmp_path / "a", {}))["language"] == "en"
    chosen = run_wizard(tmp_path / "b", {"advanced": "y", "language": DOWN + ENTER})
    assert recorded(chosen)["language"] == "zh"


def test_the_wizard_in_chinese_offers_a_chinese_project(tmp_path):
    i18n.setup("zh")  # Enter everywhere: no advanced settings, the defaults
    assert recorded(run_wizard(tmp_path / "out", {}))["language"] == "zh"


@pytest.mark.slow  # a whole update
@pytest.mark.usefixtures("isolated_git")
def test_update_keeps_the_language(template, tmp_path):
    project = generate(template, tmp_path / "p", language="zh", framework="flask")
    assert main(["update", str(project), "--template", str(template), "--no-pre-stop"]) == 0
    assert recorded(project)["language"] == "zh"
    assert "PreStop 回调**已关闭" in (project / "README.md").read_text(encoding="utf-8")


@pytest.mark.slow  # a whole update
@pytest.mark.usefixtures("isolated_git")
def test_update_set_language_switches_the_text_and_keeps_the_users_edits(template, tmp_path):
    project = generate(template, tmp_path / "p", framework="flask")
    routes = project / "code" / "app" / "routes.py"
    mine = '\n\n@routes.get("/ping")\ndef ping() -> dict:\n    return {"pong": True}\n'
    routes.write_text(routes.read_text() + mine)
    commit_all(project)
    argv = ["update", str(project), "--template", str(template), "--set", "language=zh"]
    assert main(argv) == 0
    assert recorded(project)["language"] == "zh"
    text = routes.read_text(encoding="utf-8")
    assert text.startswith('"""您的路由') and text.endswith(mine)
    assert "本列表" in (project / "Makefile").read_text(encoding="utf-8")
    assert "## 添加路由" in (project / "README.md").read_text(encoding="utf-8")


@pytest.mark.slow  # a whole update
@pytest.mark.usefixtures("isolated_git")
def test_a_project_from_before_the_language_question_stays_english(template, tmp_path):
    """Its answers have no ``language``: update takes ``en`` without asking (no terminal
    here), even when fc-lifecycle speaks Chinese; only the answers file changes."""
    project = generate(template, tmp_path / "p", framework="django")
    path = project / answers.FILE
    record = json.loads(path.read_text())
    del record["answers"]["language"]
    path.write_text(json.dumps(record, indent=2, sort_keys=True) + "\n")
    commit_all(project)
    before = tree(project)
    assert main(["update", str(project), "--template", str(template), "--lang", "zh"]) == 0
    assert recorded(project)["language"] == "en"
    changed = {rel for rel, data in tree(project).items() if before.get(rel) != data}
    assert changed == {answers.FILE}
