"""Settings of the bare Django reference: the least Django needs to serve two views."""

SECRET_KEY = "bare-django-reference-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["*"]
INSTALLED_APPS: list = []
MIDDLEWARE: list = []
ROOT_URLCONF = "bare_django.urls"
DATABASES: dict = {}
USE_TZ = True
