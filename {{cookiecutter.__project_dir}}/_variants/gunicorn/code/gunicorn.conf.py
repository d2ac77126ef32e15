{% import "text/" ~ cookiecutter.language ~ "/code.j2" as text with context %}"""{{ text.gunicorn_conf }}"""

import threading
import time

from fc_support import logs, settings
from fc_support.body_limit import BodyLimit

bind = f"0.0.0.0:{settings.listen_port()}"
{{ text.gunicorn_conf_workers }}
workers = 1
{{ text.gunicorn_conf_worker_class }}
worker_class = "fc_support.gunicorn_worker.ThreadWorker"
{{ text.gunicorn_conf_threads }}
threads = settings.concurrency() + 8
{{ text.gunicorn_conf_timeout }}
timeout = settings.timeout() + 30
{{ text.gunicorn_conf_keepalive }}
keepalive = 900
{{ text.gunicorn_conf_backlog }}
logs.mask_output()
{{ text.gunicorn_conf_graceful }}
graceful_timeout = 5
{{ text.gunicorn_conf_limits }}
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190
accesslog = None
errorlog = "-"
loglevel = "warning"
{{ text.gunicorn_conf_logconfig }}
logconfig_dict = {
    "formatters": {"fc": {"()": "fc_support.log_format.Formatter"}},
    "handlers": {
        "fc": {"class": "logging.StreamHandler", "formatter": "fc", "stream": "ext://sys.stderr"}
    },
    "root": {"handlers": ["fc"], "level": "WARNING"},
    "loggers": {"gunicorn.error": {"handlers": ["fc"], "level": "WARNING", "propagate": False}},
}
{{ text.gunicorn_conf_end_margin }}
END_MARGIN = 1.0


def post_worker_init(worker) -> None:
    """{{ text.gunicorn_conf_post_worker_init }}"""
    worker.wsgi = BodyLimit(worker.wsgi)
    threading.Thread(target=_end_before_kill, args=(worker,), daemon=True).start()


def _end_before_kill(worker) -> None:
    {{ text.gunicorn_conf_end_before_kill_comment }}
    while worker.alive:
        time.sleep(0.25)
    time.sleep(max(graceful_timeout - END_MARGIN - 0.25, 0))
    worker.tpool.shutdown(wait=False, cancel_futures=True)
    logs.end_open()
