"""The app's config. Its one object is also the instance's shared state."""

from django.apps import AppConfig


class FcappConfig(AppConfig):
    """The ``fcapp`` app.

    The hooks in ``lifecycle.py`` receive this object as ``state``: what ``initialize`` sets
    on it, views read through ``apps.get_app_config("fcapp")`` and ``pre_stop`` releases.
    """

    name = "fcapp"
