"""Each event tells the people who act on it, and nobody else."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from alliance.models import CommitteeMember
from alliance.services import followups, meetings
from notifications.models import Notification
from servicedesk import services as desk
from tests.factories import StreetFactory
from tests.factories.alliance import UnitFactory, at, schedule
from tests.factories.volunteers import activity, volunteer
from volunteers import services as vol

from .conftest import person, told

pytestmark = pytest.mark.django_db

FUTURE = at(2099, 3, 10)


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Run a service and the notices it queues for after the commit."""

    def call(fn, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(**kwargs)

    return call


def test_a_scheduled_meeting_tells_the_expected_units_contacts(world, run):
    meeting = run(schedule, committee=world["committee"], start=FUTURE, title="三月联席会议")
    assert told("meeting_scheduled") == set(world["contacts"])
    notice = Notification.objects.filter(kind="meeting_scheduled").first()
    assert "三月联席会议" in notice.subject and notice.url == f"/alliance/meetings/{meeting.pk}/"
    assert sorted(m.to[0] for m in mail.outbox) == sorted(c.email for c in world["contacts"])


def test_the_rotating_secretary_is_told_even_when_not_a_member(world, run):
    seat_unit, convener = world["units"][0], UnitFactory(community=world["community"])
    CommitteeMember.objects.create(
        committee=world["working"],
        name="委员",
        unit=seat_unit,
        position="member",
        starts_on=datetime.date(2020, 1, 1),
    )
    convener_contact = person(role=Role.UNIT_CONTACT, unit=convener)
    run(schedule, committee=world["working"], start=FUTURE, convener=convener)
    assert told("meeting_scheduled") == {world["contacts"][0], convener_contact}


def test_a_meeting_entered_after_the_fact_tells_nobody(world, run):
    run(schedule, committee=world["committee"], start=timezone.now() - datetime.timedelta(days=3))
    assert not Notification.objects.exists() and mail.outbox == []


def test_a_moved_meeting_is_told_once_through_the_reminder_path(world, run):
    meeting = run(schedule, committee=world["committee"], start=FUTURE)
    Notification.objects.all().delete()
    new = FUTURE + datetime.timedelta(days=1)
    run(
        meetings.meeting_reschedule,
        meeting=meeting,
        starts_at=new,
        ends_at=new + datetime.timedelta(hours=2),
    )
    assert told("meeting_moved") == set(world["contacts"])
    assert Notification.objects.count() == len(world["contacts"])  # one notice each, not two


def test_a_moved_meeting_tells_the_rotating_secretary_even_when_not_a_member(world, run):
    seat_unit, convener = world["units"][0], UnitFactory(community=world["community"])
    CommitteeMember.objects.create(
        committee=world["working"],
        name="委员",
        unit=seat_unit,
        position="member",
        starts_on=datetime.date(2020, 1, 1),
    )
    convener_contact = person(role=Role.UNIT_CONTACT, unit=convener)
    meeting = run(schedule, committee=world["working"], start=FUTURE, convener=convener)
    Notification.objects.all().delete()
    new = FUTURE + datetime.timedelta(days=2)
    run(
        meetings.meeting_reschedule,
        meeting=meeting,
        starts_at=new,
        ends_at=new + datetime.timedelta(hours=2),
    )
    assert told("meeting_moved") == {world["contacts"][0], convener_contact}


def item_for(world, run, unit=0):
    meeting = schedule(world["committee"], at(2026, 1, 10))
    return run(
        followups.followup_create,
        meeting=meeting,
        title="小区停车难",
        owner=world["units"][unit],
        due_on=datetime.date(2099, 3, 1),
        created_at=at(2026, 1, 10),
    )


def test_an_assigned_item_tells_the_units_contacts(world, run):
    item = item_for(world, run, unit=1)
    assert told("followup_assigned") == {world["contacts"][1]}
    assert Notification.objects.get().url == f"/alliance/followups/{item.pk}/"


def test_an_escalated_item_tells_the_streets_staff(world, run):
    person(role=Role.STREET_STAFF, scope_node=StreetFactory())  # another street's staff
    item = item_for(world, run)
    Notification.objects.all().delete()
    run(followups.followup_escalate, item=item, reason="涉及多个部门")
    assert told("followup_escalated") == {world["staff"]}


def test_a_decision_tells_the_secretary_and_the_units_contacts_once(world, run):
    item = item_for(world, run)
    escalation = run(followups.followup_escalate, item=item, reason="涉及多个部门")
    Notification.objects.all().delete()
    run(followups.escalation_decide, escalation=escalation, decision="街道协调施划车位")
    people = {n.recipient for n in Notification.objects.all()}
    assert people == {world["secretary"], world["contacts"][0]}
    assert Notification.objects.count() == 2


@pytest.fixture
def request_(world):
    request = desk.request_submit(
        community=world["community"],
        category="health",
        description="独居老人需要上门量血压",
        resident_name="王大爷",
        resident_phone="13800002222",
    )
    desk.request_triage(request=request, by=world["secretary"])
    return request


def test_a_dispatched_request_tells_the_units_contacts(world, run, request_):
    run(desk.request_dispatch, request=request_, unit=world["units"][2], by=world["secretary"])
    assert told("request_dispatched") == {world["contacts"][2]}
    assert Notification.objects.get().url == reverse("servicedesk:request", args=[request_.pk])


@pytest.fixture
def claimed_wish(world):
    wish = desk.wish_submit(
        community=world["community"],
        title="想要一台助听器",
        resident_name="张奶奶",
        resident_phone="13800001111",
    )
    desk.wish_review(wish=wish, publish=True, by=world["secretary"])
    desk.wish_claim(wish=wish, by=world["outsider"])
    return wish


@pytest.mark.parametrize("approve", [True, False])
def test_a_decided_claim_tells_the_claimant(world, run, claimed_wish, approve):
    run(desk.wish_decide_claim, wish=claimed_wish, approve=approve, by=world["secretary"])
    kind = "wish_claim_approved" if approve else "wish_claim_refused"
    assert told(kind) == {world["outsider"]}
    assert Notification.objects.count() == 1


def stays_of(world, *people):
    start = timezone.now() + datetime.timedelta(minutes=10)
    event = activity(world["community"], start=start, capacity=3)
    stays = []
    for v in people:
        vol.activity_signup(activity=event, volunteer=v)
        vol.check_in(activity=event, volunteer=v, code=vol.checkin_code(event, start), now=start)
        later = start + datetime.timedelta(hours=1)
        stays.append(
            vol.check_out(
                activity=event, volunteer=v, code=vol.checkin_code(event, later), now=later
            )
        )
    return stays


def test_a_volunteer_without_an_account_is_not_told(world, run):
    walk_in = volunteer(world["community"])
    type(walk_in).objects.filter(pk=walk_in.pk).update(user=None)
    walk_in.refresh_from_db()
    stays = stays_of(world, walk_in)
    assert run(vol.hours_review, checkins=stays, approve=True, by=world["staff"]) == 1
    assert not Notification.objects.exists()


@pytest.mark.parametrize("approve", [True, False])
def test_reviewed_hours_tell_the_volunteer_once(world, run, approve):
    start = timezone.now() + datetime.timedelta(minutes=10)
    event = activity(world["community"], start=start, capacity=3)
    me, other = volunteer(world["community"]), volunteer(world["community"])
    stays = []
    for v in (me, other):
        vol.activity_signup(activity=event, volunteer=v)
        vol.check_in(activity=event, volunteer=v, code=vol.checkin_code(event, start), now=start)
        later = start + datetime.timedelta(hours=1)
        stays.append(
            vol.check_out(
                activity=event, volunteer=v, code=vol.checkin_code(event, later), now=later
            )
        )
    run(vol.hours_review, checkins=stays[:1], approve=approve, by=world["staff"])
    kind = "hours_confirmed" if approve else "hours_rejected"
    assert told(kind) == {me.user}
    assert Notification.objects.count() == 1
    assert Notification.objects.get().url == "/volunteer/me/"
