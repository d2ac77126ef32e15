{% import "text/" ~ cookiecutter.language ~ "/code.j2" as text with context %}"""{{ text.flask_app }}"""

from __future__ import annotations

from logging.config import dictConfig

from flask import Flask

from app.extensions import init_extensions
from app.routes import routes
from fc_support import Lifecycle, log_format
from fc_support.wsgi import FCMiddleware


def create_app(config: dict | None = None) -> Flask:
    """{{ text.flask_app_create_app }}"""
    {{ text.flask_app_create_app_comment }}
    dictConfig(log_format.LOGGING)
    app = Flask(__name__)
    app.config.update(config or {})
    init_extensions(app)
    app.register_blueprint(routes)
    {{ text.flask_app_create_app_comment2 }}
    app.wsgi_app = FCMiddleware(  # type: ignore[method-assign]
        app.wsgi_app, Lifecycle(app, scope=app.app_context)
    )
    return app
