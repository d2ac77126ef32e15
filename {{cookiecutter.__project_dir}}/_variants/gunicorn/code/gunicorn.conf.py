"""gunicorn settings for FC: one process, a thread per concurrent request.

Threads and timeout follow s.yaml: it sets INSTANCE_CONCURRENCY and FUNCTION_TIMEOUT
beside instanceConcurrency and timeout (``fc-lifecycle validate`` checks they agree).
"""

import threading
import time

from fc_support import logs, settings
from fc_support.body_limit import BodyLimit

bind = f"0.0.0.0:{settings.listen_port()}"
# One worker: the Initializer runs once per instance, and FC scales by adding instances.
workers = 1
# gthread, with a deadline for each request's headers: slow clients cannot hold every thread.
worker_class = "fc_support.gunicorn_worker.ThreadWorker"
# A thread per request FC sends at once, and a few more for clients still sending headers.
threads = settings.concurrency() + 8
# FC ends a request at its timeout; the worker is only restarted if it hangs longer.
timeout = settings.timeout() + 30
# FC keeps connections to the instance open; its own gunicorn example uses 900 s.
keepalive = 900
# FC may send up to 200 requests at once; gunicorn's default backlog (2048) covers it.
# Everything written to stderr is masked: what escapes every logging configuration too
# (a worker's crash, a thread's uncaught exception).
logs.mask_stderr()
# After SIGTERM, let requests in flight finish for a few seconds, then stop.
graceful_timeout = 5
# Refused with 414 and 431 (FC's own limits: path 4 KB, headers 8 KB in all).
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190
accesslog = None
errorlog = "-"
loglevel = "warning"
# gunicorn's own lines (a failed request's traceback among them) in FC's format, with
# every credential masked, like the app's.
logconfig_dict = {
    "formatters": {"fc": {"()": "fc_support.log_format.Formatter"}},
    "handlers": {
        "fc": {"class": "logging.StreamHandler", "formatter": "fc", "stream": "ext://sys.stderr"}
    },
    "root": {"handlers": ["fc"], "level": "WARNING"},
    "loggers": {"gunicorn.error": {"handlers": ["fc"], "level": "WARNING", "propagate": False}},
}
# The arbiter kills the worker graceful_timeout after SIGTERM; this much earlier, requests
# still waiting for a thread are dropped and those still running get their End line.
END_MARGIN = 1.0


def post_worker_init(worker) -> None:
    """Refuse oversized bodies in front of the app; close every Start line at shutdown."""
    worker.wsgi = BodyLimit(worker.wsgi)
    threading.Thread(target=_end_before_kill, args=(worker,), daemon=True).start()


def _end_before_kill(worker) -> None:
    # Polled, not started from the SIGTERM handler: a handler must not take locks.
    while worker.alive:
        time.sleep(0.25)
    time.sleep(max(graceful_timeout - END_MARGIN - 0.25, 0))
    worker.tpool.shutdown(wait=False, cancel_futures=True)
    logs.end_open()
