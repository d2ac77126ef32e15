"""Django settings for an FC web function: no database, no sessions, logs to stderr."""

from __future__ import annotations

import os
import secrets

from fc_support import log_format

# Set DJANGO_SECRET_KEY in s.yaml (or better, from a secret store) if you add sessions,
# signed cookies or password resets; a random key per instance is enough for none of them.
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or secrets.token_urlsafe(50)
DEBUG = os.environ.get("DJANGO_DEBUG") == "1"
# FC's HTTP trigger and custom domains decide who reaches the function.
ALLOWED_HOSTS = ["*"]

INSTALLED_APPS = ["fcapp"]
MIDDLEWARE = [
    # First: FC's marker lines and lifecycle hooks around every request.
    "fc_support.django.FCMiddleware",
    "django.middleware.common.CommonMiddleware",
]
ROOT_URLCONF = "config.urls"
# FC's lifecycle hooks and the object they share with your views, by dotted path like the
# other settings here: renaming the app means changing FC_SHARED_STATE with INSTALLED_APPS.
FC_LIFECYCLE_HOOKS = "lifecycle"
FC_SHARED_STATE = "fcapp.state.shared"
WSGI_APPLICATION = "config.wsgi.application"
DATABASES: dict = {}
APPEND_SLASH = False
USE_TZ = True

# Accept request bodies up to FC's synchronous limit (32 MB).
DATA_UPLOAD_MAX_MEMORY_SIZE = 32 * 1024 * 1024

# FC's log format on stderr, with the role's credentials masked in every line.
LOGGING = log_format.LOGGING
