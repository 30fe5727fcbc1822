"""WSGI entry point, used by gunicorn (`cookieshop.wsgi:application`)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cookieshop.settings")

application = get_wsgi_application()
