"""End to end: the beat task runs in a real Celery worker that takes it from Redis."""

import datetime
import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.utils import timezone

from alliance.tasks import send_due_reminders
from config.celery import app
from notifications.models import Notification, Reminder
from tests.conftest import TEST_REDIS_URL, celery_broker
from tests.factories import CommunityFactory
from tests.factories.alliance import UnitFactory, contact, party_committee, schedule


@pytest.fixture
def test_broker():
    """The test Redis as the broker, with a queue of the test's own."""
    with celery_broker(TEST_REDIS_URL) as queue:
        yield queue


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_sends_the_due_reminders_from_redis(test_broker):
    queue = test_broker
    committee = party_committee(CommunityFactory())
    unit = UnitFactory(community=committee.node)
    person = contact(unit)
    start = timezone.localtime() + datetime.timedelta(days=2)
    schedule(committee, start.replace(second=0, microsecond=0))

    with start_worker(
        app, queues=[queue], perform_ping_check=False, pool="solo", shutdown_timeout=10
    ):
        send_due_reminders.delay()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not Reminder.objects.exists():
            time.sleep(0.2)

    reminder = Reminder.objects.get()
    assert reminder.recipient == person and reminder.status == "sent"
    # Besides the notice that the meeting was scheduled, one for the reminder.
    assert Notification.objects.filter(recipient=person, kind=reminder.kind).count() == 1
