from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection

from tests.factories import secretary, street_staff
from tests.factories.streets import Street, build_street

REDIS_AVAILABLE = os.environ.get("ALLIANCE_TEST_REDIS", "1") == "1"
BROWSER = os.environ.get("ALLIANCE_TEST_BROWSER") or (
    "/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else ""
)
# Tests keep their cache in a Redis database of their own, so flushing it touches nothing else.
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def pytest_report_header(config):
    from django.conf import settings

    db = settings.DATABASES["default"]
    redis = (
        settings.REDIS_URL if REDIS_AVAILABLE else "NOT AVAILABLE: tests marked 'redis' deselected"
    )
    return [
        f"database: {db['ENGINE'].rsplit('.', 1)[-1]} {db.get('HOST') or db['NAME']}",
        f"redis: {redis}",
    ]


def _on_postgres() -> bool:
    from django.conf import settings

    return settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


def pytest_configure(config):
    config.addinivalue_line("markers", "redis: the test talks to a real Redis server")
    config.addinivalue_line("markers", "browser: the test drives a real Chromium")
    config.addinivalue_line(
        "markers", "postgres: other processes of the test share its PostgreSQL test database"
    )


def pytest_collection_modifyitems(config, items):
    if REDIS_AVAILABLE and BROWSER and _on_postgres():
        return
    kept, dropped = [], []
    for item in items:
        missing = (
            (not REDIS_AVAILABLE and item.get_closest_marker("redis"))
            or (not BROWSER and item.get_closest_marker("browser"))
            or (not _on_postgres() and item.get_closest_marker("postgres"))
        )
        (dropped if missing else kept).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


def pytest_terminal_summary(terminalreporter):
    if not REDIS_AVAILABLE:
        terminalreporter.write_line(
            "Redis was not reachable: the tests marked 'redis' did not run.", red=True
        )
    if not BROWSER:
        terminalreporter.write_line(
            "Chromium was not found: the tests marked 'browser' did not run.", red=True
        )
    if not _on_postgres():
        terminalreporter.write_line(
            "The database is not PostgreSQL: the tests marked 'postgres' did not run.", red=True
        )
    terminalreporter.write_line(f"Database used: {connection.vendor}")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Real hashing is slow on purpose; the suite creates hundreds of accounts.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def sms_outbox(settings):
    """Text messages stay in memory (common.sms.outbox), empty at each test's start."""
    from common import sms

    settings.SMS_BACKEND = "common.sms.LocmemBackend"
    sms.backend.cache_clear()
    sms.outbox.clear()
    yield sms.outbox
    sms.backend.cache_clear()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    # Uploads (photos, attachments, demo pictures) land in a folder the test throws away.
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture(autouse=True)
def _test_cache(settings):
    if REDIS_AVAILABLE:
        backend = {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": TEST_REDIS_URL,
            "KEY_PREFIX": "alliance-test",
            "OPTIONS": {"IGNORE_EXCEPTIONS": True},
        }
    else:
        backend = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    settings.CACHES = {"default": backend}
    cache.clear()
    yield


def forget_broker_connections() -> None:
    """Drop the Celery app's cached broker connections, so the next message goes to the broker
    the configuration now names (an earlier test may have published to another one)."""
    from config.celery import app as celery_app

    celery_app._pool = None
    amqp = celery_app.__dict__.get("amqp")  # created on first use
    if amqp is not None:
        amqp._producer_pool = None


@contextlib.contextmanager
def celery_broker(url: str, **options: Any) -> Iterator[str]:
    """Point the Celery app at the broker `url` and a queue of its own (yielded); restore the
    configuration after."""
    from config.celery import app as celery_app

    queue = f"test-{uuid.uuid4().hex}"
    changes = {
        "broker_url": url,
        "task_default_queue": queue,
        "task_always_eager": False,
        "broker_connection_retry_on_startup": True,
        **options,
    }
    saved = {name: celery_app.conf.get(name) for name in changes}
    celery_app.conf.update(changes)
    forget_broker_connections()
    try:
        yield queue
    finally:
        celery_app.conf.update(saved)
        forget_broker_connections()


@pytest.fixture
def eager_celery():
    """Run Celery tasks in the test's own process, as a worker would run them."""
    from config.celery import app as celery_app

    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture
def small_street(db) -> Street:
    return build_street()


@pytest.fixture
def other_street(db) -> Street:
    return build_street(communities=1, compounds_per_community=1, buildings=1)


@pytest.fixture
def staff(small_street):
    return street_staff(small_street.street)


@pytest.fixture
def secretary_a(small_street):
    return secretary(small_street.communities[0])


@pytest.fixture
def superuser(db):
    from accounts.models import User

    return User.objects.create_superuser(username="boss", password="correct-horse-battery")
