"""What /healthz reports: can we reach the database and Redis."""

from __future__ import annotations

from django.conf import settings
from django.db import connection


def database_ok() -> bool:
    """Return whether the database answers a trivial query."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        return False


def redis_ok() -> bool:
    """Return whether Redis answers PING at REDIS_URL."""
    import redis

    try:
        client = redis.Redis.from_url(
            settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1
        )
        return bool(client.ping())
    except Exception:
        return False
