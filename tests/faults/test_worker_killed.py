"""A Celery worker is killed (SIGKILL) in the middle of a reminder pass. The task was acked
late, so the broker hands it out again; the worker started after it finishes the pass, and
every reminder has gone out exactly once: none twice, none lost.

The workers are real `celery worker` processes on the test's own Redis; they read the test
database, which is why the test needs PostgreSQL."""

from __future__ import annotations

import datetime
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from alliance.reminders import due_reminders
from alliance.tasks import send_due_reminders
from notifications.models import Notification, Reminder
from tests.conftest import celery_broker
from tests.factories import CommunityFactory
from tests.factories.alliance import UnitFactory, contact, party_committee, schedule

ROOT = Path(__file__).resolve().parents[2]
PEOPLE = 24
VISIBILITY_TIMEOUT = 2  # seconds; an hour in production

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"


class Worker:
    """One `celery worker` process on the given broker and queue, logging to a file."""

    def __init__(self, broker: str, queue: str, log: Path, channel: str = "SlowChannel") -> None:
        env = {
            **os.environ,
            "DEBUG": "true",
            "DATABASE_URL": _database_url(),
            "CELERY_BROKER_URL": broker,
            "REDIS_URL": broker,
            "CELERY_TASK_ALWAYS_EAGER": "false",
            # A task whose worker died is handed out again after seconds instead of an hour.
            "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
            "NOTIFICATION_CHANNELS": (
                f"notifications.channels.InAppChannel,tests.faults.slow_channel.{channel}"
            ),
            # With a batch channel the pass commits five reminders at a time.
            "NOTIFICATION_BATCH": "5",
            "SLOW_CHANNEL_SECONDS": "0.15",
            "PYTHONPATH": str(ROOT),
            "PYTHONUNBUFFERED": "1",
        }
        self.log = log
        self.process = subprocess.Popen(  # noqa: S603 - this interpreter, fixed arguments
            [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "solo",
             "-Q", queue, "--without-gossip", "--without-mingle", "--without-heartbeat",
             "--loglevel", "INFO"],
            cwd=ROOT, env=env, stdout=log.open("ab"), stderr=subprocess.STDOUT,
        )  # fmt: skip

    def successes(self) -> int:
        return self.log.read_text(errors="replace").count("succeeded in")

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()


def _wait(condition, seconds: float, what: str, log: Path) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}; worker log:\n{log.read_text()[-3000:]}")


@pytest.fixture
def broker_on_own_redis(own_redis):
    with celery_broker(own_redis.url) as queue:
        yield own_redis.url, queue


@pytest.mark.parametrize(
    "channel",
    [
        pytest.param("SlowChannel", id="one-by-one"),
        pytest.param("SlowBatchChannel", id="in-batches"),
    ],
)
def test_a_worker_killed_mid_pass_loses_nothing_and_sends_nothing_twice(
    broker_on_own_redis, tmp_path, channel
):
    broker, queue = broker_on_own_redis
    committee = party_committee(CommunityFactory())
    for _ in range(PEOPLE):
        contact(UnitFactory(community=committee.node))
    start = timezone.localtime() + datetime.timedelta(days=2)
    schedule(committee, start.replace(second=0, microsecond=0))
    # Scheduling told everyone at once; the pass under test sends the reminders after it.
    reminded = Notification.objects.exclude(kind="meeting_scheduled")
    due = due_reminders(timezone.localdate())
    assert len(due) >= PEOPLE
    log = tmp_path / "worker.log"

    first = Worker(broker, queue, log, channel)
    try:
        send_due_reminders.delay()
        _wait(lambda: reminded.count() >= 5, 60, "the pass to begin", log)
        first.kill()
    finally:
        first.stop()
    sent_before_the_kill = reminded.count()
    assert 0 < sent_before_the_kill < len(due), "the worker was to die in the middle of the pass"
    # What the dead worker left is whole: every ledger row it committed went out.
    assert Reminder.objects.exclude(status="sent").count() == 0
    assert Reminder.objects.count() == sent_before_the_kill

    # The broker hands a task out again once it has gone unacknowledged for the visibility
    # timeout; a worker looks for such tasks as it starts (and then every 100 s).
    time.sleep(VISIBILITY_TIMEOUT + 1)
    second = Worker(broker, queue, log, channel)
    try:
        # No new task is sent: the broker hands out the killed one again.
        _wait(lambda: second.successes() >= 1, 150, "the pass handed out again", log)
        send_due_reminders.delay()  # and the next beat tick's pass finds nothing left to send
        _wait(lambda: second.successes() >= 2, 60, "the next pass", log)
    finally:
        second.stop()

    assert Reminder.objects.filter(status="sent").count() == len(due)
    assert set(Reminder.objects.values_list("key", flat=True)) == {spec.key for spec in due}
    wanted = Counter(spec.recipient.pk for spec in due)
    got = Counter(reminded.values_list("recipient_id", flat=True))
    assert got == wanted
