{% import "text/" ~ cookiecutter.language ~ "/code.j2" as text with context %}"""{{ text.django_settings }}"""

from __future__ import annotations

import os
import secrets

from fc_support import log_format

{{ text.django_settings_secret_key }}
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or secrets.token_urlsafe(50)
DEBUG = os.environ.get("DJANGO_DEBUG") == "1"
{{ text.django_settings_allowed_hosts }}
ALLOWED_HOSTS = ["*"]

INSTALLED_APPS = ["fcapp"]
MIDDLEWARE = [
    {{ text.django_settings_middleware }}
    "fc_support.django.FCMiddleware",
    "django.middleware.common.CommonMiddleware",
]
ROOT_URLCONF = "config.urls"
{{ text.django_settings_hooks }}
FC_LIFECYCLE_HOOKS = "lifecycle"
FC_SHARED_STATE = "fcapp.state.shared"
WSGI_APPLICATION = "config.wsgi.application"
DATABASES: dict = {}
APPEND_SLASH = False
USE_TZ = True

{{ text.django_settings_upload }}
DATA_UPLOAD_MAX_MEMORY_SIZE = 32 * 1024 * 1024

{{ text.django_settings_logging }}
LOGGING = log_format.LOGGING
