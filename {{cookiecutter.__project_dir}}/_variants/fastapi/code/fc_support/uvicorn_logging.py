"""uvicorn's own log lines: credentials masked, and a cancelled request in one line.

uvicorn configures its loggers before it imports the app, writing to stderr with its own
format, so the app's logging configuration does not reach them: a traceback of a failed
request would show its credentials. And at shutdown, after ``--timeout-graceful-shutdown``,
uvicorn cancels the requests still running and logs each as a traceback of hundreds of
lines: the request's End line is written all the same (``asgi.py``), so one line says it.
"""

from __future__ import annotations

import asyncio
import logging

from fc_support import logs

CANCELLED = "the server stopped before the answer was complete (graceful timeout)"


def install() -> None:
    """Mask everything written to stdout and stderr; log a cancelled request as one line."""
    logs.mask_output()
    logging.getLogger("uvicorn.error").addFilter(_one_line_when_cancelled)


def _one_line_when_cancelled(record: logging.LogRecord) -> bool:
    if record.exc_info and isinstance(record.exc_info[1], asyncio.CancelledError):
        record.msg, record.args, record.exc_info, record.exc_text = CANCELLED, (), None, None
    return True
