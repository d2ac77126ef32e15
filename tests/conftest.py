"""Fixtures for the repository's tests: isolation, the template, and rendering helpers."""

from __future__ import annotations

import itertools
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from fc_lifecycle.render import render
from helpers.update_repo import isolate_git, template_v1

ROOT = Path(__file__).resolve().parents[1]
SPEC = json.loads((ROOT / "cookiecutter.json").read_text(encoding="utf-8"))
# A generated project's own suite run with this environment's Python, as `make test` runs it
# in the project's venv: without this repository's pytest-cookies plugin, which a project's venv
# never has. With it loaded (it imports cookiecutter, requests, charset_normalizer) the Flask
# event project's suite crashed Python 3.11.7 with a segfault in 8 of 50 runs on a 2-core
# machine; without it, 0 of 40 (and 0 of 40 with no plugin loaded at all).
PROJECT_PYTEST = [
    sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:cookies"
]  # fmt: skip
FRAMEWORKS = SPEC["framework"]
PYTHONS = SPEC["python_version"]
TRIGGERS = SPEC["trigger"]
# The modules whose tests mostly wait (on timeouts, slow clients, instances starting and
# stopping): one xdist group, so one worker runs them one after another while the others keep
# both CPUs busy. Spread over every worker, they all waited at once and the CPUs sat half idle
# for a minute of each run.
WAITING = pytest.mark.xdist_group("waiting")
HOOK_SUBSETS = [
    {"initializer": init, "pre_stop": stop}
    for init, stop in itertools.product([True, False], repeat=2)
]


def hooks_id(hooks: dict) -> str:
    """A readable test id for a hook subset, e.g. ``init+prestop`` or ``nohooks``."""
    names = [name for key, name in (("initializer", "init"), ("pre_stop", "prestop")) if hooks[key]]
    return "+".join(names) or "nohooks"


def combinations() -> list:
    """Every framework x Python x hook subset, then every event trigger x framework x hook
    subset, the Python versions taking turns (an event function's kind is
    ``event:<trigger>:<framework>``), with readable ids.

    Each combination is its own xdist group (``make test`` passes ``--dist loadgroup``): one
    worker bakes it and runs all its checks, instead of both workers baking it. All but the
    pilots (``pilot``) are marked slow, so ``make test-quick`` checks a few of each kind."""
    http = list(itertools.product(FRAMEWORKS, PYTHONS, HOOK_SUBSETS))
    event = [
        (f"event:{trigger}:{framework}", PYTHONS[i % len(PYTHONS)], hooks)
        for i, (trigger, framework, hooks) in enumerate(
            itertools.product(TRIGGERS, FRAMEWORKS, HOOK_SUBSETS)
        )
    ]
    return [
        pytest.param(
            (kind, py, hooks),
            id=name,
            marks=[pytest.mark.xdist_group(f"matrix-{name}")]
            + ([] if pilot(kind, py, hooks) else [pytest.mark.slow]),
        )
        for kind, py, hooks in frameworks_in_turn(http + event)
        for name in [f"{kind.replace(':', '-')}-py{py}-{hooks_id(hooks)}"]
    ]


def frameworks_in_turn(combos: list) -> list:
    """``combos`` in the same order within each framework, the frameworks taking turns: the
    workers bake and check combinations of different frameworks at a time, each with its own
    mypy cache (``helpers/shared.py``), instead of all waiting for the one framework's."""
    turns = [[c for c in combos if c[0].rsplit(":", 1)[-1] == fw] for fw in FRAMEWORKS]
    return [combo for turn in itertools.zip_longest(*turns) for combo in turn if combo]


def pilot(kind: str, python: str, hooks: dict) -> bool:
    """The combinations ``make test-quick`` checks: every framework as an HTTP function with
    both hooks on the newest Python and with none on the oldest, and every trigger x
    framework as an event function with both hooks (20 of 112)."""
    if kind.startswith("event:"):
        return all(hooks.values())
    both, none = all(hooks.values()), not any(hooks.values())
    return (both and python == PYTHONS[0]) or (none and python == PYTHONS[-1])


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Give each test of an ``xdist_group`` its group's ``@name`` suffix, as pytest-xdist
    does, where pytest-xdist cannot: from pytest 9.2 a node's id is ``Node._id`` and
    xdist 3.8 still writes ``_nodeid``, so ``--dist loadgroup`` saw no group at all (each
    worker baked every matrix combination it drew a test of, and both ran the benchmark).
    """
    if not getattr(config.option, "loadgroup", False) or not os.environ.get("PYTEST_XDIST_WORKER"):
        return
    for item in items:
        names = sorted({str(mark.args[0] if mark.args else mark.kwargs.get("name", "default"))
                        for mark in item.iter_markers("xdist_group")})  # fmt: skip
        if names and not item.nodeid.endswith("@" + "_".join(names)) and hasattr(item, "_id"):
            item._id = type(item._id).parse(f"{item.nodeid}@{'_'.join(names)}")


@pytest.fixture(scope="session", autouse=True)
def isolated_home(tmp_path_factory):
    """Give the tests their own HOME and git identity, and no user or system git config.

    cookiecutter reads HOME when it is imported (pytest-cookies imports it before any test),
    so its default clone and replay folders are moved into the test HOME as well.
    """
    from cookiecutter import config

    home = tmp_path_factory.mktemp("home")
    gitconfig = home / ".gitconfig"
    gitconfig.write_text("[user]\n\tname = Test\n\temail = test@example.com\n")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HOME", str(home))
        patch.setenv("GIT_CONFIG_GLOBAL", str(gitconfig))
        patch.setenv("GIT_CONFIG_NOSYSTEM", "1")
        # fc-lifecycle speaks the locale's language: English assertions need an English
        # locale whatever the machine's (C.UTF-8: English, and UTF-8 for the subprocesses).
        for name in ("LC_ALL", "LC_MESSAGES"):
            patch.delenv(name, raising=False)
        patch.setenv("LANG", "C.UTF-8")
        patch.setenv("LANGUAGE", "")
        # A terminal answers prompt_toolkit's cursor position request at once; pexpect's
        # never does, and prompt_toolkit waited a second for the answer after each question.
        patch.setenv("PROMPT_TOOLKIT_NO_CPR", "1")
        # `make test ARGS=...` here puts ARGS in the environment and in MAKEFLAGS, for every
        # make of a generated project too.
        for name in ("ARGS", "MAKEFLAGS", "MFLAGS", "MAKEOVERRIDES", "MAKELEVEL"):
            patch.delenv(name, raising=False)
        # Temporary files in the run's own folder, not the machine's /tmp: cookiecutter
        # leaves each hook script it runs there (two per render), and every hook lists its
        # script's folder when it imports, so a crowded /tmp made every render slower.
        patch.setenv("TMPDIR", str(tmp_path_factory.mktemp("tmp")))
        patch.setattr(tempfile, "tempdir", None)  # gettempdir() reads TMPDIR again
        patch.setitem(config.DEFAULT_CONFIG, "cookiecutters_dir", f"{home}/.cookiecutters/")
        patch.setitem(config.DEFAULT_CONFIG, "replay_dir", f"{home}/.cookiecutter_replay/")
        yield home


@pytest.fixture(autouse=True)
def no_runner_left_running():
    """A test that fails before it stops its ``fc-lifecycle run`` (helpers/fake_app.py's
    ``Serving``) leaves neither the runner nor its instance running."""
    yield
    fake_app = sys.modules.get("helpers.fake_app")  # imported only by the tests that run one
    if fake_app is not None:
        fake_app.stop_left_running()


@pytest.fixture(autouse=True)
def english_messages(isolated_home):
    """Each test starts in English, even after one that ran ``main(["--lang", "zh", ...])``
    in this process (the language is the process's, as gettext's is)."""
    from fc_lifecycle import i18n

    i18n.setup()
    yield
    i18n.setup()


@pytest.fixture
def template_dir() -> Path:
    """The template in this checkout."""
    return ROOT


@pytest.fixture
def make_project(tmp_path, template_dir):
    """Render a project with the given answers into a fresh folder; return its path."""

    def _make(**answers) -> Path:
        out = tmp_path / f"out{len(list(tmp_path.iterdir()))}"
        return render(template_dir, answers, out)

    return _make


def git(cwd: Path, *args: str) -> str:
    """Run git in ``cwd``; return its output."""
    result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)
    return result.stdout.strip()


@pytest.fixture(scope="session")
def template_repo(tmp_path_factory, isolated_home) -> Path:
    """A git repository of this checkout's files as they are now (tracked and new), one commit:
    what a user's clone of this repository looks like."""
    repo = tmp_path_factory.mktemp("clone") / "fc-lifecycle"
    for name in git(ROOT, "ls-files", "-z", "-co", "--exclude-standard").split("\0"):
        if name and (ROOT / name).is_file():
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, repo / name)
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "template")
    return repo


@pytest.fixture
def isolated_git(tmp_path, monkeypatch):
    """This test's own HOME and git config (the update tests use it for every test)."""
    isolate_git(tmp_path / "home", monkeypatch)


@pytest.fixture
def template(tmp_path) -> Path:
    """A git copy of this repository's template, committed and tagged v1."""
    return template_v1(tmp_path / "template")
