"""Function Compute plumbing. You should not need to edit this package.

``logs`` writes FC's marker lines and keeps credentials out of every log line; ``hooks``
runs the lifecycle hooks in ``lifecycle.py`` with FC's semantics; ``settings`` reads the
port, concurrency and timeout FC's configuration gives the instance. The module named
after your framework plugs all of it into every request, as ordinary middleware.
"""

from fc_support.hooks import Context, Credentials, Lifecycle, RestartInstance

__all__ = ["Context", "Credentials", "Lifecycle", "RestartInstance"]
