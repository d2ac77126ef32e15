"""The function's HTTP server, standard library only. ``bootstrap`` runs ``python3 server.py``."""

from __future__ import annotations

from fc_support.server import serve
from routes import ROUTES


def main() -> None:
    """Serve the routes until SIGTERM; the lifecycle hooks share ``state`` with them."""
    serve(ROUTES, state={})


if __name__ == "__main__":
    main()
