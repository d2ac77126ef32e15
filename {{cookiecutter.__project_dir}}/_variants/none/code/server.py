{% import "text/" ~ cookiecutter.language ~ "/code.j2" as text with context %}"""{{ text.none_server }}"""

from __future__ import annotations

from fc_support.server import serve
from routes import ROUTES


def main() -> None:
    """{{ text.none_server_main }}"""
    serve(ROUTES, state={})


if __name__ == "__main__":
    main()
