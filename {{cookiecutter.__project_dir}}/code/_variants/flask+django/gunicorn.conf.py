"""gunicorn settings for FC: one process, a thread per concurrent request.

Threads and timeout follow s.yaml: it sets INSTANCE_CONCURRENCY and FUNCTION_TIMEOUT
beside instanceConcurrency and timeout (``fc-lifecycle validate`` checks they agree).
"""

from fc_support import settings

bind = f"0.0.0.0:{settings.listen_port()}"
# One worker: the Initializer runs once per instance, and FC scales by adding instances.
workers = 1
worker_class = "gthread"
threads = settings.concurrency()
# FC ends a request at its timeout; the worker is only restarted if it hangs longer.
timeout = settings.timeout() + 30
# FC keeps connections to the instance open; its own gunicorn example uses 900 s.
keepalive = 900
# FC may send up to 200 requests at once; gunicorn's default backlog (2048) covers it.
# After SIGTERM, let requests in flight finish for a few seconds, then stop.
graceful_timeout = 5
accesslog = None
errorlog = "-"
loglevel = "warning"
