"""What the instance's views share: prepared by ``initialize``, released by ``pre_stop``.

``settings.FC_SHARED_STATE`` names ``shared``, so both hooks in ``lifecycle.py`` get it as
``state``. Declare here each client or setting they add, so that views and type checkers
know it.
"""

from __future__ import annotations


class Shared:
    """The instance's shared clients and configuration: one object per process."""

    def __init__(self) -> None:
        self.greeting = "Hello from Function Compute"


shared = Shared()
