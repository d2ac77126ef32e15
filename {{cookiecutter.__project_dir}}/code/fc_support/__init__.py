"""Function Compute plumbing. You should not need to edit this package.

``logs`` writes FC's marker lines and keeps credentials out of every log line; ``hooks``
runs the lifecycle hooks in ``lifecycle.py`` with FC's semantics; ``settings`` reads the
port, concurrency and timeout FC's configuration gives the instance. One more module plugs
all of it into every request, as your framework's ordinary middleware (``wsgi``,
``asgi``, ``django``) or the stdlib server's request handler (``server``);
``log_format`` gives ``logging`` FC's format with credentials masked.

The package is the same in every project of one framework (nothing in it is written from
your answers: per-project values come from ``s.yaml`` and the environment at run time).
``__version__`` counts its releases; ``fc-lifecycle update`` names it when it changes it.
"""

from fc_support.hooks import Context, Credentials, Lifecycle, RestartInstance

__all__ = ["Context", "Credentials", "Lifecycle", "RestartInstance"]
__version__ = "3"
