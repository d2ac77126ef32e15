"""The Flask application factory. gunicorn starts it as ``app:create_app()``."""

from __future__ import annotations

from logging.config import dictConfig

from flask import Flask

from app.routes import routes
from fc_support import Lifecycle, log_format
from fc_support.wsgi import FCMiddleware


def create_app(config: dict | None = None) -> Flask:
    """Create the app for one FC instance."""
    # Before the app exists, as Flask's docs advise: FC's log format, credentials masked.
    dictConfig(log_format.LOGGING)
    app = Flask(__name__)
    app.config.update(config or {})
    app.register_blueprint(routes)
    # FC's marker lines and lifecycle hooks around every request, your routes included.
    # The hooks in lifecycle.py get the app and run inside its app context (current_app).
    app.wsgi_app = FCMiddleware(app.wsgi_app, Lifecycle(app, scope=app.app_context))
    return app
