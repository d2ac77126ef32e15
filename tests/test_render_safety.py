"""Generation is all or nothing, and never touches what the user already has."""

from __future__ import annotations

import hashlib
import os

import pytest
from conftest import ROOT
from fc_lifecycle.errors import UserError
from fc_lifecycle.render import render


def snapshot(folder):
    """Every file under ``folder`` with a hash of its bytes."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_bad_answer_writes_nothing(tmp_path):
    with pytest.raises(UserError, match="^timeout: "):
        render(ROOT, {"timeout": "0"}, tmp_path / "out")
    assert list(tmp_path.iterdir()) == []


def test_existing_project_is_refused_and_left_byte_identical(tmp_path):
    project = render(ROOT, {"framework": "none"}, tmp_path)
    (project / "code" / "lifecycle.py").write_text("# mine\n")
    before = snapshot(tmp_path)
    with pytest.raises(UserError, match="already exists"):
        render(ROOT, {"framework": "none"}, tmp_path)
    assert snapshot(tmp_path) == before


def test_overwrite_replaces_template_files_and_keeps_the_others(tmp_path):
    project = render(ROOT, {"framework": "none"}, tmp_path)
    (project / "code" / "lifecycle.py").write_text("# mine\n")
    (project / "notes.txt").write_text("keep me\n")
    render(ROOT, {"framework": "none"}, tmp_path, overwrite=True)
    assert (project / "notes.txt").read_text() == "keep me\n"
    assert "def initialize" in (project / "code" / "lifecycle.py").read_text()


def test_output_under_a_file_is_one_line_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(UserError, match="^output: .* is a file, not a folder$"):
        render(ROOT, {}, blocker / "out")


def test_interrupt_mid_render_leaves_no_trace(tmp_path, monkeypatch):
    import cookiecutter.generate

    real = cookiecutter.generate.generate_file
    written = []

    def interrupted(*args, **kwargs):
        if len(written) == 5:
            raise KeyboardInterrupt
        written.append(args[1])
        return real(*args, **kwargs)

    monkeypatch.setattr(cookiecutter.generate, "generate_file", interrupted)
    with pytest.raises(KeyboardInterrupt):
        render(ROOT, {"framework": "none"}, tmp_path / "out")
    assert list(tmp_path.iterdir()) == []


def test_failing_hook_leaves_no_trace(tmp_path):
    broken = tmp_path / "template"
    broken.mkdir()
    (broken / "cookiecutter.json").write_text('{"project_slug": "p"}')
    (broken / "hooks").mkdir()
    (broken / "hooks" / "pre_gen_project.py").write_text(
        "import sys\n\n\nclass AnswerError(ValueError):\n    pass\n\n\n"
        "def check_all(answers, spec):\n    return answers\n\n\n"
        "if __name__ == '__main__':\n    sys.exit(1)\n"
    )
    (broken / "{{cookiecutter.project_slug}}").mkdir()
    (broken / "{{cookiecutter.project_slug}}" / "f.txt").write_text("x")
    with pytest.raises(UserError, match="^template: "):
        render(broken, {}, tmp_path / "out")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("at", [1, 7, 20])
def test_interrupted_overwrite_puts_the_existing_project_back(tmp_path, monkeypatch, at):
    project = render(ROOT, {"framework": "none"}, tmp_path)
    (project / "code" / "lifecycle.py").write_text("# mine\n")
    (project / "notes.txt").write_text("keep me\n")
    before = snapshot(tmp_path)
    real, calls = os.replace, []

    def interrupted(*args):
        calls.append(args)
        if len(calls) == at:
            raise KeyboardInterrupt
        return real(*args)

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        render(ROOT, {"framework": "flask"}, tmp_path, overwrite=True)
    monkeypatch.undo()
    assert snapshot(tmp_path) == before
    assert not any(p.name.startswith((".fc-render-", ".fc-update")) for p in tmp_path.rglob("*"))


def test_sigterm_mid_generation_exits_130_and_leaves_nothing(tmp_path):
    """A real signal to the real command while cookiecutter is writing files."""
    import signal
    import subprocess
    import sys
    import time

    slow = tmp_path / "slow.py"  # slows each file write so the signal lands mid-render
    slow.write_text(
        "import time, cookiecutter.generate as g\n"
        "real = g.generate_file\n"
        "def slow(*a, **k):\n    time.sleep(0.05)\n    return real(*a, **k)\n"
        "g.generate_file = slow\n"
        "import sys\nfrom fc_lifecycle.cli import main\nsys.exit(main(sys.argv[1:]))\n"
    )
    out = tmp_path / "out"
    out.mkdir()
    (out / "mine.txt").write_text("mine\n")
    process = subprocess.Popen(
        [sys.executable, str(slow), "new", "--no-input", "-q", "-o", str(out)],
        stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while not any(p.name.startswith(".fc-render-") for p in out.iterdir()):
        assert time.monotonic() < deadline and process.poll() is None
        time.sleep(0.01)
    time.sleep(0.3)
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=30)
    assert process.returncode == 130
    assert err.strip() == "Aborted."
    assert [p.name for p in out.iterdir()] == ["mine.txt"]


def test_a_refusal_by_the_templates_own_check_is_a_user_error(tmp_path):
    """The Jinja extension ends plain cookiecutter with SystemExit; in-process it is an error
    (render leaves checking to its callers and to the template)."""
    with pytest.raises(UserError, match=r"^memory_size: must be a whole number"):
        render(ROOT, {"memory_size": 130}, tmp_path / "out")
    assert not (tmp_path / "out").exists()
