{% import "text/" ~ cookiecutter.language ~ "/code.j2" as text with context %}"""{{ text.flask_extensions }}"""

from __future__ import annotations

from flask import Flask


def init_extensions(app: Flask) -> None:
    """{{ text.flask_extensions_init_extensions }}"""
