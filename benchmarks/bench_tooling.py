"""The command-line tools: generation, CLI start, and update, each against its reference."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from fc_lifecycle import history
from sandbox import ROOT, Sandbox, tool
from settings import Settings
from timing import Comparison, alternate

FC_LIFECYCLE = tool("fc-lifecycle", "fc_lifecycle")
COOKIECUTTER = tool("cookiecutter", "cookiecutter")
TEMPLATE_PARTS = ("cookiecutter.json", "hooks", "templates", "{{cookiecutter.__project_dir}}")
IGNORE = shutil.ignore_patterns("__pycache__")


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
    """``update`` after a package upgrade (base from the packed history) vs ``new``."""
    new_site, project = prepare_update(sandbox)
    check_update(sandbox, new_site, project)
    installed = ["env", f"PYTHONPATH={new_site}", sys.executable, "-m", "fc_lifecycle"]

    def ours() -> float:
        copy = sandbox.fresh("update") / project.name
        shutil.copytree(project, copy, symlinks=True)
        return sandbox.timed([*installed, "update", str(copy), "--no-input"])

    def theirs() -> float:
        out = sandbox.fresh("new")
        return sandbox.timed([*installed, "new", "--no-input", "-q", "-o", str(out)])

    return compare(
        "update: `fc-lifecycle update` after an upgrade (template change + 1 user edit, base "
        "from the packed history) vs `new --no-input`",
        ours, theirs, settings.update_repeats, limit=3.0,
    )  # fmt: skip


def install(sandbox: Sandbox, template_repo: Path) -> Path:
    """fc-lifecycle laid out as its wheel installs it from ``template_repo``'s HEAD: the
    package, the template stamped with its commit, the packed history (hatch_build.py)."""
    site = sandbox.fresh("site-packages")
    package = site / "fc_lifecycle"
    shutil.copytree(ROOT / "generator" / "fc_lifecycle", package, ignore=IGNORE)
    head = history.pack(template_repo, package / history.NAME)
    history.extract(package / history.NAME, head, package / "template")
    spec = package / "template" / "cookiecutter.json"
    spec.write_text(history.stamped(spec.read_text(encoding="utf-8"), head), encoding="utf-8")
    return site


def prepare_update(sandbox: Sandbox) -> tuple[Path, Path]:
    """Install v1, generate and commit a project with one user edit, then install v2."""
    template = sandbox.fresh("template")
    for part in TEMPLATE_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, template / part, ignore=IGNORE)
        else:
            shutil.copy2(source, template / part)
    sandbox.git(template, "init", "-q")
    sandbox.commit_all(template, "template v1")
    old_site, out = install(sandbox, template), sandbox.fresh("project")
    sandbox.run(
        ["env", f"PYTHONPATH={old_site}", sys.executable, "-m", "fc_lifecycle",
         "new", "--no-input", "-q", "-o", str(out)]
    )  # fmt: skip
    project = next(out.iterdir())
    sandbox.git(project, "init", "-q")
    sandbox.commit_all(project, "generated")
    with (project / "code" / "lifecycle.py").open("a") as code:
        code.write("\n# A user's edit: kept by update.\n")
    sandbox.commit_all(project, "user edit")
    with (template / TEMPLATE_PARTS[-1] / "README.md").open("a") as readme:
        readme.write("\nA line the template gained in v2.\n")
    sandbox.commit_all(template, "template v2")
    return install(sandbox, template), project


def check_update(sandbox: Sandbox, site: Path, project: Path) -> None:
    """Update a copy once and check it merged: the template change and the edit, no .fc-new."""
    copy = sandbox.fresh("check") / project.name
    shutil.copytree(project, copy, symlinks=True)
    sandbox.run(
        ["env", f"PYTHONPATH={site}", sys.executable, "-m", "fc_lifecycle",
         "update", str(copy), "--no-input"]
    )  # fmt: skip
    readme = (copy / "README.md").read_text()
    code = (copy / "code" / "lifecycle.py").read_text()
    if "gained in v2" not in readme or "A user's edit" not in code or any(copy.rglob("*.fc-new")):
        raise AssertionError("update did not merge the template change and keep the user edit")
