"""``fc-lifecycle new --dry-run``: the files a project gets, each with its template source,
checked against what is really written; and nothing is written."""

from __future__ import annotations

import itertools
import re

import pytest
from conftest import FRAMEWORKS, HOOK_SUBSETS, ROOT, SPEC
from fc_lifecycle.cli import main
from fc_lifecycle.preview import HOOK, sources
from fc_lifecycle.render import render

JINJA = re.compile(rb"\{\{|\{%|\{#")
# What decides which files a project gets: the answers the conditions name.
WHENS = [w for c in SPEC["_conditions"].values() for w in ([c] if isinstance(c, dict) else c)]
DECIDING = sorted({key for when in WHENS for key in when})


def shapes() -> list[dict]:
    """Every combination of the answers that choose files (framework x function type x hook
    subset, with CI on for half of them): each file set once; the other answers (Python,
    trigger, numbers) change contents, never which files or from where."""
    return [
        {"framework": framework, "function_type": kind, **hooks, "ci": ("none", "github")[i % 2]}
        for i, (framework, kind, hooks) in enumerate(
            itertools.product(FRAMEWORKS, SPEC["function_type"], HOOK_SUBSETS)
        )
    ]  # fmt: skip


def test_the_shapes_cover_every_answer_a_condition_names():
    assert DECIDING == ["ci", "framework", "function_type", "initializer", "pre_stop"]


@pytest.mark.slow  # renders every shape of project (make test-quick: the tests above)
def test_every_file_of_every_combination_has_its_true_source(tmp_path):
    for i, answers in enumerate(shapes()):
        project = render(ROOT, answers, tmp_path / str(i), replay=False)
        found = sources(ROOT, project)
        written = sorted(
            p.relative_to(project).as_posix() for p in project.rglob("*") if p.is_file()
        )
        assert sorted(found) == written, answers
        for rel, source in found.items():
            if source == HOOK:
                continue
            data = (ROOT / source).read_bytes()  # exists: a wrong guess fails here
            if not JINJA.search(data):  # copied as is: the bytes say it is the source
                assert (project / rel).read_bytes() == data, (answers, rel, source)


def listed(output: str) -> list[str]:
    return [line.split("  <- ")[0].rstrip() for line in output.splitlines() if "  <- " in line]


@pytest.mark.parametrize(
    "flags",
    [
        ["--framework", "django", "--no-pre-stop"],
        [
            "--function-type",
            "event",
            "--trigger",
            "oss",
            "--framework",
            "fastapi",
            "--ci",
            "github",
        ],
    ],
)
def test_dry_run_lists_what_new_writes_and_writes_nothing(flags, tmp_path, isolated_home, capsys):
    replays = isolated_home / ".cookiecutter_replay"
    before = sorted(replays.rglob("*")) if replays.exists() else []
    out = tmp_path / "out"
    assert main(["new", "--no-input", *flags, "--dry-run", "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    assert not out.exists()
    assert (sorted(replays.rglob("*")) if replays.exists() else []) == before
    assert printed.rstrip().endswith("files, nothing written")
    assert main(["new", "--no-input", "-q", *flags, "-o", str(out)]) == 0
    (project,) = out.iterdir()
    written = sorted(p.relative_to(project).as_posix() for p in project.rglob("*") if p.is_file())
    assert listed(printed) == written


def test_dry_run_with_a_bad_answer_is_one_line_exit_2_and_writes_nothing(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["new", "--no-input", "--memory-size", "7", "--dry-run", "-o", str(out)]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1
    assert not out.exists()


def test_the_tree_has_no_name_that_is_jinja():
    tree = ROOT / "{{cookiecutter.__project_dir}}"
    assert not [p for p in tree.rglob("*") if "{" in p.relative_to(tree).as_posix()]
