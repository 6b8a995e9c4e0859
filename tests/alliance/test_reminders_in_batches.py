"""Where every channel writes to the database or the log, the reminder pass sends in batches,
one transaction each: the same reminders as one by one, each once, in a handful of queries."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from alliance.reminders import reminders_run
from notifications import channels
from notifications.models import Notification, Reminder, ReminderStatus
from notifications.services import ReminderSpec, reminders_send
from tests.factories import CommunityFactory
from tests.factories.alliance import UnitFactory, at, contact, party_committee, schedule

pytestmark = pytest.mark.django_db


@pytest.fixture
def batch_channels(settings):
    settings.NOTIFICATION_CHANNELS = [
        "notifications.channels.InAppChannel",
        "notifications.channels.LogChannel",
    ]
    settings.NOTIFICATION_BATCH = 4
    channels.configured_channels.cache_clear()
    yield
    channels.configured_channels.cache_clear()


@pytest.fixture
def members():
    committee = party_committee(CommunityFactory())
    people = [contact(UnitFactory(community=committee.node)) for _ in range(10)]
    schedule(committee, at(2026, 3, 10, 14))
    return people


def _specs(people, tag: str = "x") -> list[ReminderSpec]:
    return [
        ReminderSpec(key=f"{tag}:{p.pk}", kind="test", recipient=p, subject="开会", body="周二")
        for p in people
    ]


def test_the_pass_sends_every_reminder_once_in_batches(batch_channels, members):
    first = reminders_run(now=at(2026, 3, 7, 8))
    assert len(first.sent) == len(members) == 10  # three batches of four, four, two
    assert sorted(n.recipient_id for n in Notification.objects.all()) == sorted(
        p.pk for p in members
    )
    assert Reminder.objects.filter(status=ReminderStatus.SENT).count() == 10
    assert reminders_run(now=at(2026, 3, 7, 9)).sent == []
    assert Notification.objects.count() == 10


def test_a_batch_takes_a_few_queries_however_long(
    batch_channels, members, settings, django_assert_max_num_queries
):
    settings.NOTIFICATION_BATCH = 200
    with django_assert_max_num_queries(6):
        sent = reminders_send(_specs(members))
    assert len(sent) == 10 and Notification.objects.count() == 10


def test_a_batch_skips_what_went_before_and_retries_what_failed(batch_channels, members):
    specs = _specs(members)
    assert len(reminders_send(specs[:3])) == 3
    failed = Reminder.objects.get(key=specs[0].key)
    failed.status = ReminderStatus.FAILED
    failed.save()
    Notification.objects.filter(recipient=members[0]).delete()
    sent = reminders_send(specs)
    assert sorted(s.key for s in sent) == sorted(s.key for s in [specs[0], *specs[3:]])
    assert Notification.objects.count() == 10
    assert Reminder.objects.get(key=specs[0].key).attempts == 2  # its first try, then this


def test_a_failing_channel_keeps_nothing_of_the_batch_and_loses_nothing(
    batch_channels, members, monkeypatch
):
    def broken(self, *args):
        raise OSError("the notification store is down")

    monkeypatch.setattr(channels.InAppChannel, "send_many", broken)
    monkeypatch.setattr(channels.InAppChannel, "send", broken)
    assert reminders_send(_specs(members)) == []
    assert not Notification.objects.exists()
    assert Reminder.objects.filter(status=ReminderStatus.FAILED).count() == 10
    monkeypatch.undo()
    channels.configured_channels.cache_clear()
    assert len(reminders_send(_specs(members))) == 10
    assert Notification.objects.count() == 10


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_passes_at_once_in_batches_send_each_reminder_once(batch_channels, members):
    barrier = threading.Barrier(2)
    results = []

    def worker():
        barrier.wait()
        try:
            results.append(reminders_send(_specs(members)))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    sent = [spec.key for result in results for spec in result]
    assert sorted(sent) == sorted(spec.key for spec in _specs(members))
    assert Notification.objects.count() == 10
