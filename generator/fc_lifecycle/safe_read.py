"""Reading a user's text file with limits: a regular file, not too large, UTF-8 text.

A hostile or broken path must give one line, never a hang (a FIFO), an endless read
(``/dev/zero``), a ``MemoryError`` or a ``UnicodeDecodeError`` traceback.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from fc_lifecycle.errors import UserError
from fc_lifecycle.i18n import N_, _


def read_text(path: Path, limit: int, what: str = N_("file")) -> str:
    """The text of ``path``: a regular file of at most ``limit`` bytes of UTF-8 without NULs.

    ``what`` names what the file is read as (``"YAML"``), marked with ``N_`` when it is a
    word to translate.

    Raises:
        UserError: one line naming the path and the rule it breaks.
    """
    said = {"path": path, "what": _(what)}
    # O_NONBLOCK: opening a FIFO that nobody writes to returns at once instead of waiting.
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as error:
        reason = {**said, "reason": error.strerror}
        raise UserError(_("%(path)s: cannot read (%(reason)s)") % reason) from None
    with os.fdopen(descriptor, "rb") as stream:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            said["kind"] = _(_kind(mode))
            raise UserError(
                _("%(path)s: %(kind)s, not a regular file: will not read it as %(what)s") % said
            )
        try:
            data = stream.read(limit + 1)  # one byte more tells "too large" without reading all
        except OSError as error:
            reason = {**said, "reason": error.strerror}
            raise UserError(_("%(path)s: cannot read (%(reason)s)") % reason) from None
    if len(data) > limit:
        said["kib"] = limit // 1024
        raise UserError(_("%(path)s: larger than %(kib)s KiB: will not read it as %(what)s") % said)
    if b"\0" in data:
        at = data.index(b"\0")
        said["at"] = at
        raise UserError(
            _("%(path)s: not text (a NUL byte at offset %(at)s): will not read it as %(what)s")
            % said
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        said["at"] = error.start
        raise UserError(
            _("%(path)s: not UTF-8 text (byte %(at)s): will not read it as %(what)s") % said
        ) from None


def _kind(mode: int) -> str:
    """What a non-regular file is, in a word or two (marked, translated by the caller)."""
    if stat.S_ISDIR(mode):
        return N_("a folder")
    if stat.S_ISFIFO(mode):
        return N_("a FIFO")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return N_("a device")
    if stat.S_ISSOCK(mode):
        return N_("a socket")
    return N_("a special file")
