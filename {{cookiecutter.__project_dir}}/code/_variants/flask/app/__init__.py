"""The Flask application factory. gunicorn starts it as ``app:create_app()``."""

from __future__ import annotations

from flask import Flask

import fc_support
import lifecycle
from app.lifecycle_routes import lifecycle_blueprint
from app.views import views


def create_app() -> Flask:
    """Create the app for one FC instance, with its own lifecycle state."""
    app = Flask(__name__)
    app.extensions["fc_lifecycle"] = fc_support.Lifecycle(lifecycle)
    app.register_blueprint(lifecycle_blueprint)
    app.register_blueprint(views)
    return app
