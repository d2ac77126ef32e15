{% import "text/" ~ cookiecutter.language ~ "/code.j2" as text with context %}"""{{ text.django_apps }}"""

from django.apps import AppConfig


class FcappConfig(AppConfig):
    """{{ text.django_apps_FcappConfig }}"""

    name = "fcapp"
