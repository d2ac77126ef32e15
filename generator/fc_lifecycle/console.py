"""Everything fc-lifecycle prints to a person goes through here."""

from __future__ import annotations

import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fc_lifecycle.i18n import _, cut, ljust, width

if TYPE_CHECKING:
    from fc_lifecycle.answers import Answers

_LOCK = threading.Lock()


def out(text: str = "") -> None:
    """Print a line (or lines) for the user on stdout."""
    _write(sys.stdout, text)


def err(text: str) -> None:
    """Print a line on stderr (whole lines, even from several threads)."""
    _write(sys.stderr, text)


def _write(stream, text: str) -> None:
    with _LOCK:
        try:
            stream.write(text + "\n")
            stream.flush()
        except OSError:
            # Nobody reads any more (a closed terminal: EIO; a closed pipe: EPIPE). The
            # caller goes on all the same: the runner still has its instances to stop.
            pass


# The summary fits a classic terminal: a longer line would wrap in the middle of a value.
WIDTH = 80


def summary(answers: Answers) -> str:
    """Every answer that matters, one per line, with its short label (no timeout of a hook
    off), each line at most ``WIDTH`` columns (a long value is cut with an ellipsis)."""
    questions = answers.questions
    unused = questions.unused(dict(answers))
    used = [q.name for q in questions if q.name in answers and q.name not in unused]
    # Widths in terminal columns, not characters: a Chinese label takes two per character.
    shown = [cut(_(questions.short_label(name)), WIDTH // 3, mark="") for name in used]
    columns = max(width(label) for label in shown)
    lines = [
        cut(f"  {ljust(label, columns)}  {_show(answers[name])}", WIDTH)
        for label, name in zip(shown, used)
    ]
    return "\n".join([_("Your function:"), *lines])


def next_steps(project: Path) -> str:
    """What to do with a freshly generated project."""
    try:
        where = project.relative_to(Path.cwd())
    except ValueError:
        where = project
    return "\n".join(
        [
            _("Created %(where)s") % {"where": where},
            "",
            _("Next steps:"),
            f"  cd {where}",
            _("  make test       # .venv with the dev requirements, then pytest"),
            _("  make run        # run locally as FC does, hooks included (fc-lifecycle run)"),
            _("  make build      # FC's deploy package in build/: Linux wheels, bytecode"),
            _("  make deploy     # s deploy of build/ (needs the s CLI and `s config add`)"),
        ]
    )


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    text = str(value).replace("\n", "\\n")
    return text if text.strip() else _("(empty)")
