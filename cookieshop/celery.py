"""The Celery app: its configuration is Django's settings prefixed CELERY_; tasks are found in the apps."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cookieshop.settings")

app = Celery("cookieshop")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
