"""Probe PostgreSQL and Redis for the test and demo scripts.

    python scripts/services.py postgres   exit 0 if DATABASE_URL (or the default) answers
    python scripts/services.py redis      exit 0 if REDIS_URL (or the default) answers PING

Prints one line saying what it found.
"""

from __future__ import annotations

import os
import sys
from urllib.parse import urlparse

DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/alliance"
DEFAULT_REDIS = "redis://127.0.0.1:6379/0"


def probe_postgres(url: str) -> str:
    import psycopg2

    parts = urlparse(url)
    connection = psycopg2.connect(
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password or None,
        dbname="postgres",
        connect_timeout=3,
    )
    with connection, connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    connection.close()
    return f"PostgreSQL {version} at {parts.hostname}:{parts.port or 5432}"


def probe_redis(url: str) -> str:
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)
    info = client.info("server")
    parts = urlparse(url)
    return f"Redis {info['redis_version']} at {parts.hostname}:{parts.port or 6379}"


def main() -> int:
    what = sys.argv[1] if len(sys.argv) > 1 else ""
    if what == "postgres":
        url = os.environ.get("DATABASE_URL") or DEFAULT_POSTGRES
        probe = probe_postgres
    elif what == "redis":
        url = os.environ.get("REDIS_URL") or DEFAULT_REDIS
        probe = probe_redis
    else:
        print(__doc__)
        return 2
    try:
        print(probe(url))
    except Exception as exc:
        print(f"unreachable: {exc}".splitlines()[0])
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
