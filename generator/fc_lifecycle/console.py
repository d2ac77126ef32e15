"""Everything fc-lifecycle prints to a person goes through here."""

from __future__ import annotations

import sys
import threading
from pathlib import Path
from typing import Any

from fc_lifecycle.options import Questions

_LOCK = threading.Lock()


def out(text: str = "") -> None:
    """Print a line (or lines) for the user on stdout."""
    _write(sys.stdout, text)


def err(text: str) -> None:
    """Print a line on stderr (whole lines, even from several threads)."""
    _write(sys.stderr, text)


def _write(stream, text: str) -> None:
    with _LOCK:
        stream.write(text + "\n")
        stream.flush()


def summary(spec: dict[str, Any], answers: dict[str, Any]) -> str:
    """Every answer that matters, one per line, with its label (no timeout of a hook off)."""
    questions = Questions(spec)
    unused = questions.unused(answers)
    shown = [q.label for q in questions if q.name in answers and q.name not in unused]
    values = [answers[q.name] for q in questions if q.name in answers and q.name not in unused]
    width = max(len(label) for label in shown)
    lines = [f"  {label:<{width}}  {_show(value)}" for label, value in zip(shown, values)]
    return "\n".join(["Your function:", *lines])


def next_steps(project: Path) -> str:
    """What to do with a freshly generated project."""
    try:
        where = project.relative_to(Path.cwd())
    except ValueError:
        where = project
    return "\n".join(
        [
            f"Created {where}",
            "",
            "Next steps:",
            f"  cd {where}",
            "  make test       # .venv with the dev requirements, then pytest",
            "  make run        # run locally as FC does, hooks included (fc-lifecycle run)",
            "  make build      # FC's deploy package in build/: Linux wheels, bytecode",
            "  make deploy     # s deploy of build/ (needs the s CLI and `s config add`)",
        ]
    )


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = str(value).replace("\n", "\\n")
    return text if text.strip() else "(empty)"
