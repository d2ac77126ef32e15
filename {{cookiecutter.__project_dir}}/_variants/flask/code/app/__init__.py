"""The Flask application factory. gunicorn starts it as ``app:create_app()``."""

from __future__ import annotations

from logging.config import dictConfig

from flask import Flask

from app.extensions import init_extensions
from app.routes import routes
from fc_support import Lifecycle, log_format
from fc_support.wsgi import FCMiddleware


def create_app(config: dict | None = None) -> Flask:
    """Create the app for one FC instance."""
    # Before the app exists, as Flask's docs advise: FC's log format, credentials masked.
    dictConfig(log_format.LOGGING)
    app = Flask(__name__)
    app.config.update(config or {})
    init_extensions(app)
    app.register_blueprint(routes)
    # FC's marker lines and lifecycle hooks around every request, your routes included.
    # The hooks in lifecycle.py get the app and run inside its app context (current_app).
    # Flask's documented way to wrap the app in WSGI middleware (mypy calls it a method).
    app.wsgi_app = FCMiddleware(  # type: ignore[method-assign]
        app.wsgi_app, Lifecycle(app, scope=app.app_context)
    )
    return app
