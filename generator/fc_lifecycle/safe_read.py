"""Reading a user's text file with limits: a regular file, not too large, UTF-8 text.

A hostile or broken path must give one line, never a hang (a FIFO), an endless read
(``/dev/zero``), a ``MemoryError`` or a ``UnicodeDecodeError`` traceback.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from fc_lifecycle.errors import UserError


def read_text(path: Path, limit: int, what: str = "file") -> str:
    """The text of ``path``: a regular file of at most ``limit`` bytes of UTF-8 without NULs.

    Raises:
        UserError: one line naming the path and the rule it breaks.
    """
    # O_NONBLOCK: opening a FIFO that nobody writes to returns at once instead of waiting.
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as error:
        raise UserError(f"{path}: cannot read ({error.strerror})") from None
    with os.fdopen(descriptor, "rb") as stream:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            kind = _kind(mode)
            raise UserError(f"{path}: {kind}, not a regular file: will not read it as {what}")
        try:
            data = stream.read(limit + 1)  # one byte more tells "too large" without reading all
        except OSError as error:
            raise UserError(f"{path}: cannot read ({error.strerror})") from None
    if len(data) > limit:
        raise UserError(f"{path}: larger than {limit // 1024} KiB: will not read it as {what}")
    if b"\0" in data:
        at = data.index(b"\0")
        raise UserError(f"{path}: not text (a NUL byte at offset {at}): will not read it as {what}")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise UserError(
            f"{path}: not UTF-8 text (byte {error.start}): will not read it as {what}"
        ) from None


def _kind(mode: int) -> str:
    """What a non-regular file is, in a word or two."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"
