"""The app's config. Its one object is also the instance's shared state."""

from django.apps import AppConfig, apps


class FcappConfig(AppConfig):
    """The ``fcapp`` app.

    The hooks in ``lifecycle.py`` receive this object as ``state``: what ``initialize`` sets
    on it, views read through ``shared()`` and ``pre_stop`` releases.
    """

    name = "fcapp"


def shared() -> FcappConfig:
    """The instance's shared state: what ``initialize`` created (``shared().db``).

    It is this app's config, ``apps.get_app_config("fcapp")``: one object per process,
    ready before the first request.
    """
    return apps.get_app_config("fcapp")
