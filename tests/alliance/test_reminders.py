"""Reminders go out once, on time, for the right occasion, and catch up after an outage."""

import datetime
import threading
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection

from accounts.models import Role
from alliance.reminders import Kind, reminders_run
from alliance.services import followups, meetings
from alliance.services.rota import rota_generate
from notifications.models import Notification, Reminder, ReminderStatus
from tests.factories import CommunityFactory, StreetFactory, UserFactory
from tests.factories.alliance import UnitFactory, at, contact, party_committee, schedule

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    street = StreetFactory()
    community = CommunityFactory(parent=street)
    committee = party_committee(community)
    units = [UnitFactory(community=community, rota_order=i) for i in range(3)]
    contacts = [contact(u) for u in units]
    secretary = UserFactory(
        role=Role.COMMUNITY_SECRETARY, scope_node=community, email="sec@example.org"
    )
    staff = UserFactory(role=Role.STREET_STAFF, scope_node=street, email="staff@example.org")
    return {
        "street": street,
        "committee": committee,
        "units": units,
        "contacts": contacts,
        "secretary": secretary,
        "staff": staff,
    }


def kinds(result):
    return sorted({s.kind for s in result.sent})


def test_the_convener_is_told_ten_days_before_its_month(world):
    rota_generate(committee=world["committee"], year=2026)
    march_unit = world["units"][2]  # Jan 0, Feb 1, Mar 2
    assert reminders_run(now=at(2026, 2, 18)).sent == []  # 11 days before
    result = reminders_run(now=at(2026, 2, 19))
    assert [s.recipient for s in result.sent] == [world["contacts"][2]]
    assert result.sent[0].kind == Kind.CONVENER
    assert march_unit.name in result.sent[0].subject
    assert Notification.objects.filter(recipient=world["contacts"][2]).count() == 1
    assert [m.to for m in mail.outbox] == [[world["contacts"][2].email]]


def test_members_are_told_three_days_and_one_day_before(world):
    meeting = schedule(world["committee"], at(2026, 3, 10, 14))
    first = reminders_run(now=at(2026, 3, 7, 8))
    assert kinds(first) == [Kind.MEETING]
    assert {s.recipient for s in first.sent} == set(world["contacts"])
    assert reminders_run(now=at(2026, 3, 8, 8)).sent == []  # nothing new on day -2
    last = reminders_run(now=at(2026, 3, 9, 8))
    assert len(last.sent) == 3 and all(":1d:" in s.key for s in last.sent)
    assert Reminder.objects.filter(kind=Kind.MEETING).count() == 6
    assert meeting.place in last.sent[0].body


def test_running_the_pass_twice_sends_nothing_twice(world):
    schedule(world["committee"], at(2026, 3, 10, 14))
    first = reminders_run(now=at(2026, 3, 7, 8))
    second = reminders_run(now=at(2026, 3, 7, 9))
    assert first.sent and second.sent == []
    assert len(mail.outbox) == len(first.sent)
    assert Notification.objects.count() == len(first.sent)


def test_a_moved_meeting_is_announced_for_its_new_time_only(world):
    meeting = schedule(world["committee"], at(2026, 3, 10, 14))
    reminders_run(now=at(2026, 3, 7, 8))
    meetings.meeting_reschedule(
        meeting=meeting, starts_at=at(2026, 3, 20, 14), ends_at=at(2026, 3, 20, 16)
    )
    assert reminders_run(now=at(2026, 3, 9, 8)).sent == []  # the old 1-day notice never goes
    moved = reminders_run(now=at(2026, 3, 17, 8))
    assert moved.sent and all(
        "20260320" in s.key.replace("T0600", "").replace("-", "") or "2026032" in s.key
        for s in moved.sent
    )
    assert all("03-20" in s.subject for s in moved.sent)


def test_after_an_outage_the_missed_notice_goes_out_once(world):
    schedule(world["committee"], at(2026, 3, 10, 14))
    # The worker was down from day -3 to day -1: one notice now, not two.
    result = reminders_run(now=at(2026, 3, 9, 8))
    assert len(result.sent) == 3
    assert all(":1d:" in s.key for s in result.sent)


def test_item_owners_are_reminded_before_due_and_when_overdue(world):
    meeting = schedule(world["committee"], at(2026, 3, 1))
    item = followups.followup_create(
        meeting=meeting,
        title="修复路灯",
        owner=world["units"][0],
        due_on=datetime.date(2026, 3, 20),
        created_at=at(2026, 3, 1),
    )
    assert not [s for s in reminders_run(now=at(2026, 3, 16)).sent if s.kind.startswith("item")]
    due = [s for s in reminders_run(now=at(2026, 3, 17)).sent if s.kind == Kind.ITEM_DUE]
    assert [s.recipient for s in due] == [world["contacts"][0]]
    overdue = [s for s in reminders_run(now=at(2026, 3, 21)).sent if s.kind == Kind.ITEM_OVERDUE]
    assert [s.recipient for s in overdue] == [world["contacts"][0]]
    later = reminders_run(now=at(2026, 3, 22)).sent
    assert not [s for s in later if s.kind == Kind.ITEM_OVERDUE]
    followups.followup_update(item=item, status="done", evidence_text="已修复")
    assert not [s for s in reminders_run(now=at(2026, 3, 30)).sent if s.kind.startswith("item")]


def test_street_staff_get_one_overdue_digest_a_week(world):
    meeting = schedule(world["committee"], at(2026, 3, 1))
    followups.followup_create(
        meeting=meeting,
        title="清理",
        owner=world["units"][0],
        due_on=datetime.date(2026, 3, 5),
        created_at=at(2026, 3, 1),
    )
    tuesday = [s for s in reminders_run(now=at(2026, 3, 10)).sent if s.kind == Kind.DIGEST]
    assert [s.recipient for s in tuesday] == [world["staff"]]
    same_week = [s for s in reminders_run(now=at(2026, 3, 13)).sent if s.kind == Kind.DIGEST]
    next_week = [s for s in reminders_run(now=at(2026, 3, 16)).sent if s.kind == Kind.DIGEST]
    assert same_week == [] and len(next_week) == 1


def test_the_convener_is_nudged_when_minutes_are_late(world):
    rota_generate(committee=world["committee"], year=2026)
    meeting = schedule(world["committee"], at(2026, 3, 10, 14))
    assert not [s for s in reminders_run(now=at(2026, 3, 12, 12)).sent if s.kind == Kind.MINUTES]
    nudges = [s for s in reminders_run(now=at(2026, 3, 13, 12)).sent if s.kind == Kind.MINUTES]
    assert {s.recipient for s in nudges} == {world["contacts"][2], world["secretary"]}
    meetings.minutes_publish(meeting=meeting, minutes="会议纪要")
    meeting2 = schedule(world["committee"], at(2026, 4, 10, 14))
    meetings.minutes_publish(meeting=meeting2, minutes="纪要")
    assert not [s for s in reminders_run(now=at(2026, 4, 20)).sent if s.kind == Kind.MINUTES]


def test_a_failed_channel_is_retried_on_the_next_pass(world, settings, monkeypatch):
    schedule(world["committee"], at(2026, 3, 10, 14))
    from notifications import channels

    calls = {"n": 0}

    def broken(self, message):
        calls["n"] += 1
        raise OSError("SMTP down")

    monkeypatch.setattr(channels.EmailChannel, "send", broken)
    assert reminders_run(now=at(2026, 3, 7, 8)).sent == []
    assert Reminder.objects.filter(status=ReminderStatus.FAILED).count() == 3
    # The in-app notice written before the e-mail failed is undone with it: no half-sent reminder.
    assert not Notification.objects.exists()
    monkeypatch.undo()
    retried = reminders_run(now=at(2026, 3, 7, 9))
    assert len(retried.sent) == 3
    assert Reminder.objects.filter(status=ReminderStatus.SENT).count() == 3
    assert Notification.objects.count() == 3
    assert set(Reminder.objects.values_list("attempts", flat=True)) == {2}


def test_send_reminders_command_dry_run_sends_nothing(world):
    schedule(world["committee"], at(2026, 3, 10, 14))
    out = StringIO()
    call_command("send_reminders", date="2026-03-08", dry_run=True, json=True, stdout=out)
    import json

    payload = json.loads(out.getvalue())
    assert payload["dry_run"] is True and len(payload["sent"]) == 3
    assert Reminder.objects.count() == 0 and not mail.outbox
    call_command("send_reminders", date="2026-03-08", stdout=StringIO())
    assert Reminder.objects.count() == 3


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_each_reminder_once(world):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL; `make test` runs this on it")
    schedule(world["committee"], at(2026, 3, 10, 14))
    barrier = threading.Barrier(2)
    results = []

    def worker():
        barrier.wait()
        try:
            results.append(reminders_run(now=at(2026, 3, 7, 8)))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    sent = [s.key for r in results for s in r.sent]
    assert len(sent) == 3 and len(set(sent)) == 3
    assert Notification.objects.count() == 3
