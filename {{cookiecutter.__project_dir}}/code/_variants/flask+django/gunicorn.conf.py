"""gunicorn settings for FC: one process, a thread per concurrent request."""

import os

bind = f"0.0.0.0:{os.environ.get('PORT', '{{ cookiecutter._port }}')}"
# One worker: the Initializer runs once per instance, and FC scales by adding instances.
workers = 1
worker_class = "gthread"
threads = {{ cookiecutter.instance_concurrency }}
# FC keeps connections to the instance open; its own gunicorn example uses 900 s.
keepalive = 900
timeout = {{ cookiecutter.timeout }} + 30
# After SIGTERM, let requests in flight finish for a few seconds, then stop.
graceful_timeout = 5
accesslog = None
errorlog = "-"
loglevel = "warning"
