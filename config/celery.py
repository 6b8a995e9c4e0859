"""The Celery application: Redis is the broker, schedules live in the database."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("alliance_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
