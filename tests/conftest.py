from __future__ import annotations

import contextlib
import copy as copy_module
import dataclasses
import importlib
import inspect
import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from pytest_django.plugin import blocking_manager_key

from tests.factories import secretary, street_staff
from tests.factories.streets import Street, build_street

REDIS_AVAILABLE = os.environ.get("ALLIANCE_TEST_REDIS", "1") == "1"
BROWSER = os.environ.get("ALLIANCE_TEST_BROWSER") or (
    "/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else ""
)


def _worker_redis_url(base: str, worker: str) -> str:
    """The Redis URL of this pytest-xdist worker: the base URL's database number minus the
    worker's index (gw0 keeps the base, gw1 the one below, ...), so parallel workers never
    flush each other's cache. Serial runs (no worker) use the base itself."""
    if not worker.startswith("gw"):
        return base
    index = int(worker[2:])
    head, _, number = base.rstrip("/").rpartition("/")
    db = (int(number) if number.isdigit() else 0) - index
    if db < 0:
        raise RuntimeError(
            f"TEST_REDIS_URL {base} leaves no Redis database for worker {worker}: "
            "give a higher base number or fewer workers (TEST_WORKERS)"
        )
    return f"{head}/{db}" if number.isdigit() else f"{base.rstrip('/')}/{db}"


# Tests keep their cache in a Redis database of their own, so flushing it touches nothing else;
# each parallel worker has its own number below the base (make test's base is 15).
TEST_REDIS_URL = _worker_redis_url(
    os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15"),
    os.environ.get("PYTEST_XDIST_WORKER", ""),
)


def pytest_report_header(config):
    from django.conf import settings

    db = settings.DATABASES["default"]
    redis = (
        f"{TEST_REDIS_URL} (the base; each xdist worker takes the number minus its index)"
        if REDIS_AVAILABLE
        else "NOT AVAILABLE: tests marked 'redis' deselected"
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


def _transactional(item: pytest.Item) -> bool:
    """Whether pytest-django runs `item` as a TransactionTestCase (its tables flushed after)."""
    from pytest_django.fixtures import validate_django_db

    marker = item.get_closest_marker("django_db")
    if marker is not None:
        transaction, reset_sequences, *_ = validate_django_db(marker)
        if transaction or reset_sequences:
            return True
    fixtures = getattr(item, "fixturenames", ())
    return "transactional_db" in fixtures or "live_server" in fixtures


def _rename(item: pytest.Item, nodeid: str) -> None:
    # pytest 9 keeps the id as a NodeId in `_id` (and ignores the `_nodeid` pytest-xdist sets).
    try:
        from _pytest.nodeid import coerce_node_id
    except ImportError:
        item._nodeid = nodeid
    else:
        item._id = coerce_node_id(nodeid)


def _group_for_workers(config: pytest.Config, items: list[pytest.Item]) -> None:
    """With --dist loadgroup, put each test in the group of its file and kind: a file's ordinary
    tests in one group, its transactional ones in another (the group follows "@" in the id, as
    pytest-xdist's own xdist_group mark does). pytest-django runs the transactional tests after
    the others, since their flush empties the tables, rows from data migrations too; grouping by
    file alone would send a flushing test to a worker before the ordinary tests of the files it
    gets next. With these groups each worker gets every ordinary group before any transactional
    one, as the serial run orders them, and a file's rows built once serve all its tests."""
    if not getattr(config.option, "loadgroup", False):  # set in the workers by pytest-xdist
        return
    for item in items:
        kind = "transactional" if _transactional(item) else "in-a-transaction"
        path = item.path.relative_to(config.rootpath)
        _rename(item, f"{item.nodeid}@{path}:{kind}")


def _unique_node_ids(items: list[pytest.Item]) -> None:
    """Name each test apart: schemathesis gives its per-operation tests the test function's one
    node id, and pytest-xdist, which keeps tests by node id, would run only one of them."""
    seen: dict[str, int] = {}
    for item in items:
        seen[item.nodeid] = seen.get(item.nodeid, 0) + 1
    for item in items:
        if seen[item.nodeid] > 1 and item.name not in item.nodeid:
            _rename(item, f"{item.nodeid.rsplit('::', 1)[0]}::{item.name}")


# Rows the data migrations create (the 爱心加油站 point rules, the Celery beat schedules). A
# transactional test's flush empties every table, these rows too; the test after it on the same
# process (a pytest-xdist worker picks its next file as it goes) expects what migrate left.
MIGRATION_ROWS = [
    ("volunteers.migrations.0002_default_point_rules", "add_rules"),
    ("alliance.migrations.0002_reminder_schedule", "schedule"),
    ("servicedesk.migrations.0002_expiry_schedule", "schedule"),
    ("volunteers.migrations.0003_checkout_schedule", "schedule"),
]


def _restore_migration_rows() -> None:
    from django.apps import apps

    for module, function in MIGRATION_ROWS:
        getattr(importlib.import_module(module), function)(apps, None)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None):
    """After a transactional test's flush, put back what the data migrations made, unless the
    next test flushes anyway (or there is none: the last teardown drops the test database)."""
    result = yield
    if _transactional(item) and nextitem is not None and not _transactional(nextitem):
        with item.config.stash[blocking_manager_key].unblock():
            _restore_migration_rows()
    return result


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the node ids and groups
def pytest_collection_modifyitems(config, items):
    _unique_node_ids(items)
    _group_for_workers(config, items)
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


@pytest.fixture(autouse=True, scope="session")
def _flush_by_delete() -> Iterator[None]:
    """Empty the tables after a transactional test with DELETE instead of TRUNCATE on
    PostgreSQL: the test tables hold a few hundred rows, and TRUNCATE, which makes every table
    a new file, took 0.3 s of each such test's 0.6 s teardown where DELETE takes 0.01 s
    (measured over the 73 tables after build_street). Foreign keys are deferred to the end of
    the flush's transaction, so the tables empty in any order. A test that resets sequences
    keeps Django's own TRUNCATE ... RESTART IDENTITY."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    truncate = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences:
            return truncate(
                self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
            )
        return [f"{style.SQL_KEYWORD('DELETE FROM')} {self.quote_name(t)};" for t in tables]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(DatabaseOperations, "sql_flush", sql_flush)
        yield


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


def _cache_backend() -> dict[str, str]:
    if REDIS_AVAILABLE:
        return {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": TEST_REDIS_URL,
            "KEY_PREFIX": "alliance-test",
            "OPTIONS": {"IGNORE_EXCEPTIONS": True},
        }
    return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}


@pytest.fixture(autouse=True)
def _test_cache(settings):
    settings.CACHES = {"default": _cache_backend()}
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


# --- rows built once per module ---------------------------------------------------------------


@dataclasses.dataclass
class Shared:
    """What a module's rows left behind when they were built: the value the builder returned,
    the mail and text messages sent on the way, and the uploaded files (under `media`)."""

    value: Any
    media: Path
    mail: list
    texts: list


@contextlib.contextmanager
def _one_transaction(django_db_blocker) -> Iterator[None]:
    """An open transaction on the test database that is rolled back at the end. Each test's own
    transaction (pytest-django's TestCase) becomes a savepoint inside it, so a test sees the rows
    built before it and undoes only its own changes."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        # Marked like TestCase's own block, so a durable atomic in the code under test still runs.
        outer._from_testcase = True
        outer.__enter__()
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def shared_rows(name: str, build: Callable[[], Any]) -> tuple[Any, Any]:
    """Make the fixture `name` for rows a whole module reads (and its module-scoped builder):
    `build` runs once per module, in a transaction rolled back after the module's last test,
    instead of once per test. Each test gets a deep copy of what `build` returned (as Django's
    setUpTestData does), the build's mail and text messages in the outboxes, and the build's
    uploads copied into its own MEDIA_ROOT; what the test changes in the database is undone after
    it. Only for modules whose tests are not transactional (transaction=True flushes the tables).

    Use it in the module (or a conftest) as `_world_rows, world = shared_rows("world", build)`."""

    @pytest.fixture(scope="module", name=f"_{name}_rows")
    def built(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[Shared]:
        from django.core import mail
        from django.test.utils import override_settings

        from common import sms

        media = tmp_path_factory.mktemp(f"{name}-media")
        with _one_transaction(django_db_blocker):
            with (
                django_db_blocker.unblock(),
                override_settings(
                    PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
                    MEDIA_ROOT=str(media),
                    SMS_BACKEND="common.sms.LocmemBackend",
                    CACHES={"default": _cache_backend()},
                ),
            ):
                cache.clear()
                sms.backend.cache_clear()
                saved_mail = getattr(mail, "outbox", None)
                mail.outbox = []
                sms.outbox.clear()
                try:
                    value = build()
                    # Check the build's deferred foreign keys now, once: left pending in the
                    # outer transaction, PostgreSQL would check them again at the end of every
                    # test (TestCase checks constraints before it rolls back its savepoint, and
                    # the rollback puts the pending checks back), about 1.6 s a test after a
                    # demo street.
                    connection.check_constraints()
                    shared = Shared(value, media, list(mail.outbox), list(sms.outbox))
                finally:
                    if saved_mail is not None:
                        mail.outbox = saved_mail
                    sms.outbox.clear()
                    sms.backend.cache_clear()
                    cache.clear()
            yield shared

    def per_test(db, settings, sms_outbox, **rows: Shared) -> Any:
        from django.core import mail

        (shared,) = rows.values()
        if shared.media.exists():
            shutil.copytree(shared.media, settings.MEDIA_ROOT, dirs_exist_ok=True)
        mail.outbox.extend(copy_module.deepcopy(shared.mail))
        sms_outbox.extend(copy_module.deepcopy(shared.texts))
        return copy_module.deepcopy(shared.value)

    # The builder is a named argument of the per-test fixture, so pytest sets it up (module
    # scope) before the test's own transaction (`db`) opens inside it.
    per_test.__signature__ = inspect.Signature(
        [
            inspect.Parameter(arg, inspect.Parameter.POSITIONAL_OR_KEYWORD)
            for arg in ("db", "settings", "sms_outbox", f"_{name}_rows")
        ]
    )
    return built, pytest.fixture(name=name)(per_test)
