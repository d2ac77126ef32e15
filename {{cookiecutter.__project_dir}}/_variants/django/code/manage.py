{% import "text/" ~ cookiecutter.language ~ "/code.j2" as text with context %}#!/usr/bin/env python3
"""{{ text.django_manage }}"""

import os
import sys


def main() -> None:
    """{{ text.django_manage_main }}"""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
