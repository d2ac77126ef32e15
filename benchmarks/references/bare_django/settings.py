"""Settings of the bare Django reference: the least Django needs to serve two views, with
the same middleware as the variant apart from FC's."""

SECRET_KEY = "bare-django-reference-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["*"]
INSTALLED_APPS: list = []
# The variant's middleware except FC's: a ratio then measures FC's plumbing alone.
MIDDLEWARE = ["django.middleware.common.CommonMiddleware"]
APPEND_SLASH = False
ROOT_URLCONF = "bare_django.urls"
DATABASES: dict = {}
USE_TZ = True
