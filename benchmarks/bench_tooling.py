"""The command-line tools: generation, CLI start, and update, each against its reference."""

from __future__ import annotations

import shutil
from pathlib import Path

from sandbox import ROOT, Sandbox, tool
from settings import Settings
from timing import Comparison, alternate

FC_LIFECYCLE = tool("fc-lifecycle", "fc_lifecycle")
COOKIECUTTER = tool("cookiecutter", "cookiecutter")
TEMPLATE_PARTS = ("cookiecutter.json", "hooks", "{{cookiecutter.__project_dir}}")


def compare(title: str, ours, theirs, repeats: int, limit: float) -> list[Comparison]:
    """Time ``ours`` and ``theirs`` alternately (after one untimed warm-up pair)."""
    runs = {"ours": ours, "reference": theirs}
    alternate(runs, 1)  # warm the file cache and the byte-code of both
    samples = alternate(runs, repeats)
    return [Comparison(title, "s", samples["ours"], samples["reference"], limit=limit)]


def generation(sandbox: Sandbox, settings: Settings) -> list[Comparison]:
    """``fc-lifecycle new --no-input`` vs ``cookiecutter <repo> --no-input``, whole process."""

    def ours() -> float:
        out = sandbox.fresh("new")
        return sandbox.timed([*FC_LIFECYCLE, "new", "--no-input", "-q", "-o", str(out)])

    def theirs() -> float:
        out = sandbox.fresh("cookiecutter")
        return sandbox.timed([*COOKIECUTTER, str(ROOT), "--no-input", "-o", str(out)])

    return compare(
        "generation: `fc-lifecycle new --no-input` vs `cookiecutter <repo> --no-input`",
        ours, theirs, settings.generation_repeats, limit=1.10,
    )  # fmt: skip


def cli_start(sandbox: Sandbox, settings: Settings) -> list[Comparison]:
    """``fc-lifecycle --help`` vs ``cookiecutter --version``, whole process."""
    return compare(
        "CLI start: `fc-lifecycle --help` vs `cookiecutter --version`",
        lambda: sandbox.timed([*FC_LIFECYCLE, "--help"]),
        lambda: sandbox.timed([*COOKIECUTTER, "--version"]),
        settings.cli_repeats, limit=0.35,
    )  # fmt: skip


def update(sandbox: Sandbox, settings: Settings) -> list[Comparison]:
    """``fc-lifecycle update`` across a template change with one user edit vs ``new``."""
    template, project = prepare_update(sandbox)
    check_update(sandbox, template, project)

    def ours() -> float:
        copy = sandbox.fresh("update") / project.name
        shutil.copytree(project, copy, symlinks=True)
        return sandbox.timed(
            [*FC_LIFECYCLE, "update", str(copy), "--template", str(template), "--no-input"]
        )

    def theirs() -> float:
        out = sandbox.fresh("new")
        return sandbox.timed(
            [*FC_LIFECYCLE, "new", "--no-input", "-q", "--template", str(template), "-o", str(out)]
        )

    return compare(
        "update: `fc-lifecycle update` (template change + 1 user edit) vs `new --no-input`",
        ours, theirs, settings.update_repeats, limit=3.0,
    )  # fmt: skip


def prepare_update(sandbox: Sandbox) -> tuple[Path, Path]:
    """A template git repo, a committed project with one user edit, then a template change."""
    template = sandbox.fresh("template")
    for part in TEMPLATE_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, template / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, template / part)
    sandbox.git(template, "init", "-q")
    sandbox.commit_all(template, "template v1")
    out = sandbox.fresh("project")
    sandbox.run(
        [*FC_LIFECYCLE, "new", "--no-input", "-q", "--template", str(template), "-o", str(out)]
    )
    project = next(out.iterdir())
    sandbox.git(project, "init", "-q")
    sandbox.commit_all(project, "generated")
    with (project / "code" / "lifecycle.py").open("a") as code:
        code.write("\n# A user's edit: kept by update.\n")
    sandbox.commit_all(project, "user edit")
    with (template / TEMPLATE_PARTS[2] / "README.md").open("a") as readme:
        readme.write("\nA line the template gained in v2.\n")
    sandbox.commit_all(template, "template v2")
    return template, project


def check_update(sandbox: Sandbox, template: Path, project: Path) -> None:
    """Update a copy once and check it took the template change and kept the edit."""
    copy = sandbox.fresh("check") / project.name
    shutil.copytree(project, copy, symlinks=True)
    sandbox.run([*FC_LIFECYCLE, "update", str(copy), "--template", str(template), "--no-input"])
    readme = (copy / "README.md").read_text()
    code = (copy / "code" / "lifecycle.py").read_text()
    if "gained in v2" not in readme or "A user's edit" not in code:
        raise AssertionError("update did not merge the template change and keep the user edit")
