"""FC's log format for Python's ``logging``, with every credential masked.

The app's logging configuration uses it (``dictConfig(LOGGING)``): a traceback logged for a
failed request then carries the request's id on every line and none of its secrets.
"""

from __future__ import annotations

import logging
import time

from fc_support.logs import CURRENT, header_secrets, redact


class Formatter(logging.Formatter):
    """FC's log format, ``time requestId [LEVEL] message``, with every credential masked."""

    def __init__(self, fmt: str | None = None, datefmt: str | None = None, **kwargs) -> None:
        fmt = fmt or "%(asctime)s %(request_id)s [%(levelname)s] %(message)s"
        super().__init__(fmt, datefmt or "%Y-%m-%dT%H:%M:%S", **kwargs)
        self.converter = time.gmtime

    def format(self, record: logging.LogRecord) -> str:
        """Format ``record`` with the current request's id; mask every secret."""
        rid, header = CURRENT.get()
        record.request_id = rid
        text = redact(super().format(record), header_secrets(header))
        first, *rest = text.splitlines() or [""]
        # A traceback's lines carry the prefix too: FC's log view shows each line alone.
        prefix = f"{self.formatTime(record, self.datefmt)} {rid} [{record.levelname}] "
        return "\n".join([first, *(prefix + line for line in rest)]).replace("\r", " ")


LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"fc": {"()": Formatter}},
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "formatter": "fc",
            "stream": "ext://sys.stderr",
        }
    },
    "root": {"handlers": ["stderr"], "level": "WARNING"},
}
"""A logging configuration (``logging.config.dictConfig``) writing FC's format to stderr."""
