"""fc-lifecycle in Chinese: the catalog agrees with the code, the locale picks the language,
and help, refusals, the summary and the wizard speak it."""

from __future__ import annotations

import gettext
import os
import re
import subprocess
import sys

import pexpect
import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from conftest import ROOT, SPEC
from fc_lifecycle import i18n
from fc_lifecycle.answers import Answers
from fc_lifecycle.cli import COMMANDS, main
from fc_lifecycle.console import WIDTH, summary
from fc_lifecycle.console import _show as show
from fc_lifecycle.options import Questions
from helpers.terminal import answer

LOCALE = ROOT / "generator" / "fc_lifecycle" / "locale"
CATALOGS = sorted(LOCALE.glob("*/LC_MESSAGES/fc_lifecycle.po"))
CHINESE = {"LANG": "zh_CN.UTF-8", "LANGUAGE": "", "TERM": "xterm"}


def code_messages() -> set[str]:
    """Every msgid ``pybabel extract -F babel.cfg`` finds (the code and cookiecutter.json)."""
    with open(ROOT / "babel.cfg", encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    sys.path.insert(0, str(ROOT / "generator"))  # the JSON extractor, as Babel imports it
    try:
        found = extract_from_dir(str(ROOT), method_map, options_map)
        return {message for _file, _line, message, _comments, _context in found}
    finally:
        sys.path.remove(str(ROOT / "generator"))


def placeholders(text: str) -> tuple[list[str], set[str]]:
    """The ``%`` conversions (sorted, named or not) and the ``{name}`` fields of a message."""
    percent = re.findall(r"%(?:\(\w+\))?[sdrgf%]", text)
    return sorted(percent), set(re.findall(r"\{([A-Za-z_]\w*)\}", text))


def fc(*argv: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "fc_lifecycle", *argv], capture_output=True, text=True,
        env={**os.environ, **(env or {})}, timeout=60,
    )  # fmt: skip


def test_there_is_a_chinese_catalog():
    assert [path.parts[-3] for path in CATALOGS] == ["zh"]


@pytest.mark.parametrize("po", CATALOGS, ids=lambda path: path.parts[-3])
def test_catalog_translates_every_message_of_the_code_and_no_other(po):
    catalog = read_po(po.open("rb"))
    entries = {message.id: message for message in catalog if message.id}
    wanted = code_messages()
    assert sorted(wanted - entries.keys()) == [], "untranslated: run make catalogs"
    assert sorted(entries.keys() - wanted) == [], "stale: run make catalogs"
    assert not catalog.obsolete
    for message in entries.values():
        assert message.string, f"empty translation: {message.id!r}"
        assert not message.fuzzy, f"fuzzy: {message.id!r}"
        assert placeholders(message.string) == placeholders(message.id), message.id


@pytest.mark.parametrize("po", CATALOGS, ids=lambda path: path.parts[-3])
def test_compiled_catalog_is_the_po(po):
    """The committed ``.mo`` (what the wheel and an editable install load) says what the
    ``.po`` says: a change to the ``.po`` without ``make catalogs`` fails here."""
    compiled = gettext.GNUTranslations(po.with_suffix(".mo").open("rb"))
    for message in read_po(po.open("rb")):
        if message.id:
            assert compiled.gettext(message.id) == message.string, message.id


def test_catalogs_are_tracked_for_the_wheel():
    tracked = subprocess.run(
        ["git", "ls-files", "generator/fc_lifecycle/locale"], cwd=ROOT,
        capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    assert "generator/fc_lifecycle/locale/zh/LC_MESSAGES/fc_lifecycle.mo" in tracked


@pytest.mark.parametrize(
    ("environ", "language"),
    [
        ({}, "en"),
        ({"LANG": "zh_CN.UTF-8"}, "zh"),
        ({"LANG": "zh_TW.UTF-8"}, "zh"),
        ({"LANG": "zh_HK.UTF-8"}, "zh"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "fr_FR.UTF-8"}, "en"),
        ({"LANG": "C"}, "en"),
        ({"LANG": "C", "LANGUAGE": "zh_CN"}, "en"),  # as gettext: LANGUAGE loses to C
        ({"LANG": "en_US.UTF-8", "LANGUAGE": "zh_CN:en"}, "zh"),
        ({"LANG": "zh_CN.UTF-8", "LANGUAGE": "en"}, "en"),
        ({"LANG": "zh_CN.UTF-8", "LC_ALL": "en_US.UTF-8"}, "en"),
        ({"LANG": "en_US.UTF-8", "LC_MESSAGES": "zh_CN.UTF-8"}, "zh"),
        ({"LANG": "zh_CN.UTF-8", "LANGUAGE": ""}, "zh"),
    ],
)
def test_language_follows_the_locale_in_gettexts_order(environ, language):
    assert i18n.from_environment(environ) == language


@pytest.mark.parametrize(
    ("argv", "language"),
    [(["--lang", "zh", "new"], "zh"), (["new", "--lang=en"], "en"), (["new"], None),
     (["run", "--", "--lang", "zh"], None), (["--lang", "fr"], None)],
)  # fmt: skip
def test_lang_option_is_read_before_parsing(argv, language):
    assert i18n.from_argv(argv) == language


@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_help_of_every_command_in_chinese(command):
    result = fc(*filter(None, [command]), "--help", env=CHINESE)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("用法：fc-lifecycle")
    assert "显示此帮助信息并退出" in result.stdout and "选项:" in result.stdout
    for english in ("usage:", "show this help", "options:", "(default:"):
        assert english not in result.stdout
    assert "--lang {en,zh}" in result.stdout


def test_refusal_in_chinese_is_one_line_exit_2():
    result = fc("new", "--memory-size", "130", "--no-input", env=CHINESE)
    assert result.returncode == 2
    assert result.stderr == (
        "错误：--memory-size: 必须是 128-32768 MB 之间的整数，且为 64 的倍数（收到 130）\n"
    )


def test_argparse_refusal_in_chinese():
    result = fc("new", "--bogus", env=CHINESE)
    assert result.returncode == 2
    assert result.stderr == "错误：无法识别的参数：--bogus（参见 fc-lifecycle --help）\n"


@pytest.mark.parametrize("where", [["--lang", "en", "new"], ["new", "--lang", "en"]])
def test_lang_en_under_a_chinese_locale(where):
    result = fc(*where, "--memory-size", "130", "--no-input", env=CHINESE)
    assert result.returncode == 2
    assert result.stderr == (
        "error: --memory-size: must be a whole number in 128-32768 MB, a multiple of 64 (got 130)\n"
    )


def test_lang_zh_under_an_english_locale(tmp_path, capsys):
    assert main(["validate", "--lang", "zh", str(tmp_path)]) == 2
    assert capsys.readouterr().err == (
        f"错误：validate：{tmp_path} 中没有 s.yaml（请指定项目目录或文件）\n"
    )


def test_display_width_counts_wide_characters_twice():
    assert i18n.width("函数abc") == 7
    assert i18n.ljust("内存", 6) == "内存  "
    assert i18n.cut("函数计算函数计算", 7) == "函数计…"
    assert i18n.width(i18n.cut("函数计算函数计算", 7)) <= 7


def test_chinese_summary_is_aligned_within_80_columns():
    i18n.setup("zh")
    questions = Questions(SPEC)
    answers = questions.completed({"function_type": "event", "trigger": "oss"})
    answers["description"] = "一个很长的描述" * 20
    lines = summary(Answers(questions, answers)).splitlines()
    assert lines[0] == "您的函数："
    assert max(i18n.width(line) for line in lines) <= WIDTH
    unused = questions.unused(answers)
    used = [q.name for q in questions if q.name in answers and q.name not in unused]
    value_columns = {
        i18n.width(line) - i18n.width(show(answers[name]))
        for line, name in zip(lines[1:], used)
        if not line.endswith("…")
    }
    assert len(value_columns) == 1, lines  # every value starts in the same column
    assert any(line.endswith("…") for line in lines)  # the long description, cut


@pytest.mark.e2e
def test_wizard_in_a_chinese_terminal_asks_in_chinese_and_generates(tmp_path):
    child = pexpect.spawn(
        sys.executable, ["-m", "fc_lifecycle", "new", "-o", str(tmp_path)], cwd=str(tmp_path),
        encoding="utf-8", timeout=30, dimensions=(40, 100), env={**os.environ, **CHINESE},
    )  # fmt: skip

    def refused_then_corrected(child: pexpect.spawn) -> None:
        child.send("0\r")  # refused live, in Chinese, then corrected
        child.expect("必须是 1-300 s 之间的整数")
        child.send("\x7f30\r")

    def http_function(child: pexpect.spawn) -> None:
        child.expect("Web 函数")
        child.send("\r")

    def hooks(child: pexpect.spawn) -> None:
        child.expect("每个实例在处理第一个请求前调用一次")
        child.send("\r")

    keys = {
        "project_name": "商店\r", "function_name": "shop\r", "function_type": http_function,
        "hooks": hooks, "initializer_timeout": refused_then_corrected, "advanced": "n",
    }  # fmt: skip
    shown = answer(child, keys, until="generate")
    assert shown["project_name"] == "项目名称"
    assert shown["initializer_timeout"] == "初始化回调超时时间，单位秒（1-300）"
    assert shown["generate"].startswith("生成这个项目吗")
    asked_in_chinese = ["function_type", "framework", "python_version", "hooks", "region"]
    assert all(i18n.has_wide(shown[name]) for name in asked_in_chinese), shown
    summary_text = child.before
    child.send("y")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    assert "您的函数：" in summary_text and "商店" in summary_text
    assert "已创建" in child.before and "后续步骤：" in child.before
    project = next(tmp_path.iterdir())
    assert (project / "s.yaml").is_file()
    assert 'functionName: "shop"' in (project / "s.yaml").read_text(encoding="utf-8")
    # The project speaks the wizard's language without a question (language: advanced).
    assert "项目语言" in summary_text and "zh" in summary_text
    readme = (project / "README.md").read_text(encoding="utf-8")
    assert "## 生命周期回调在函数计算上的行为" in readme
    lifecycle = (project / "code" / "lifecycle.py").read_text(encoding="utf-8")
    assert lifecycle.startswith('"""实例的生命周期回调')


@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_chinese_help_wraps_by_display_width(command):
    """argparse wraps by characters; the Chinese help is wrapped by columns, so it stays
    within the terminal (80 here), but for lines as long in English (an example command)."""
    env = {**CHINESE, "COLUMNS": "80"}
    chinese = fc(*filter(None, [command]), "--help", env=env).stdout.splitlines()
    english = fc(*filter(None, [command]), "--help", env={**env, "LANG": "C"}).stdout
    long_english = {line for line in english.splitlines() if len(line) > 80}
    too_wide = [line for line in chinese if i18n.width(line) > 80 and line not in long_english]
    assert too_wide == []


def test_wrap_keeps_words_and_punctuation():
    lines = i18n.wrap("定时触发器的 Cron 表达式（仅定时触发器；默认：oss:ObjectCreated:*）", 24)
    assert all(i18n.width(line) <= 24 for line in lines)
    assert not any(line.startswith(("，", "）", "；")) or line.endswith("（") for line in lines)
    assert "oss:ObjectCreated:*）" in "".join(lines)


def test_update_and_check_speak_chinese(tmp_path, capsys):
    from conftest import git
    from fc_lifecycle.render import render

    project = render(ROOT, {}, tmp_path)
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "generated")
    assert main(["update", "--lang", "zh", "--dry-run", str(project)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("已是最新：") or "试运行：没有任何修改" in out
    assert main(["check", "--lang", "zh", str(project)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("项目：") and out[1].startswith("模板：") and out[2] == "已是最新"
