"""FC's one route for an event function: ``POST /invoke`` runs ``handle`` in handler.py.

You should not need to edit this file: write your code in ``handler.py``.
"""

from __future__ import annotations

import handler
from fc_support.events import route

ROUTES = [("POST", "/invoke", route(handler))]
