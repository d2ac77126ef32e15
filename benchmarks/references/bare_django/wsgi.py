"""The WSGI entry point gunicorn serves (``bare_django.wsgi:application``)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bare_django.settings")
application = get_wsgi_application()
