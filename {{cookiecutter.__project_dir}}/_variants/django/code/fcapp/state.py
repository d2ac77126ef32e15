{% import "text/" ~ cookiecutter.language ~ "/code.j2" as text with context %}"""{{ text.django_state }}"""

from __future__ import annotations


class Shared:
    """{{ text.django_state_Shared }}"""

    def __init__(self) -> None:
        self.greeting = "Hello from Function Compute"


shared = Shared()
