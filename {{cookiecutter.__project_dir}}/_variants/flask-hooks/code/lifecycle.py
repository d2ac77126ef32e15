{% import "text/" ~ cookiecutter.language ~ "/code.j2" as text with context %}"""{{ text.flask_lifecycle }}"""

from __future__ import annotations

from flask import Flask

from fc_support import Context
{%- if cookiecutter.initializer %}


def initialize(app: Flask, context: Context) -> None:
    """{{ text.flask_lifecycle_initialize }}"""
    name = context.function_name or {{ cookiecutter.function_name | tojson }}
    app.config["GREETING"] = f"Hello from {name}"
    {{ text.flask_lifecycle_initialize_comment }}
{%- endif %}
{%- if cookiecutter.pre_stop %}


def pre_stop(app: Flask, context: Context) -> None:
    """{{ text.flask_lifecycle_pre_stop }}"""
    app.config.pop("GREETING", None)
{%- endif %}
