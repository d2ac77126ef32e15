"""The app's config."""

from django.apps import AppConfig


class FcappConfig(AppConfig):
    """The function's app: its views and URLs."""

    name = "fcapp"
