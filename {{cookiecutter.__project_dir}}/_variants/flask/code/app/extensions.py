"""Your Flask extensions: create each at module level, bind it in ``init_extensions``.

``create_app()`` calls ``init_extensions(app)``, as Flask's extensions expect
(``ext.init_app(app)`` in the factory); ``initialize`` in lifecycle.py then sets them up or
warms them inside the app context once FC has started the instance (see README.md).
"""

from __future__ import annotations

from flask import Flask


def init_extensions(app: Flask) -> None:
    """Bind each extension to ``app``: ``db.init_app(app)``."""
