"""A unit's contact names a substitute delegate for a meeting their unit is expected at, from
the meeting's page; not for another unit, not once the meeting is over."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from alliance.models import Attendance, AttendanceStatus
from tests.factories import CommunityFactory, StreetFactory
from tests.factories.alliance import UnitFactory, contact, party_committee, schedule

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting():
    street = StreetFactory()
    here, there = CommunityFactory(parent=street), CommunityFactory(parent=street)
    committee = party_committee(here)
    party_committee(there)
    ours, theirs = UnitFactory(community=here), UnitFactory(community=there)
    meeting = schedule(committee, timezone.now() + datetime.timedelta(days=3))
    return meeting, ours, theirs


def send(client, meeting, name: str = "王强"):
    url = reverse("alliance:meeting-action", args=[meeting.pk, "substitute"])
    return client.post(url, {"substitute_name": name}, HTTP_ACCEPT_LANGUAGE="zh-hans")


def test_the_contact_names_a_substitute(client, setting):
    meeting, ours, _theirs = setting
    client.force_login(contact(ours))
    page = client.get(
        reverse("alliance:meeting", args=[meeting.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert 'name="substitute_name"' in page.content.decode()
    assert send(client, meeting).status_code == 302
    row = Attendance.objects.get(meeting=meeting, unit=ours)
    assert (row.status, row.substitute_name) == (AttendanceStatus.SUBSTITUTE, "王强")


def test_a_unit_not_expected_cannot(client, setting):
    meeting, _ours, theirs = setting
    client.force_login(contact(theirs))
    response = send(client, meeting)
    assert response.status_code == 404  # another community's meeting is out of its scope
    assert not Attendance.objects.filter(meeting=meeting, unit=theirs).exists()


def test_not_once_the_meeting_is_over(client, setting):
    meeting, ours, _theirs = setting
    meeting.starts_at = timezone.now() - datetime.timedelta(hours=3)
    meeting.ends_at = timezone.now() - datetime.timedelta(hours=1)
    meeting.save(update_fields=["starts_at", "ends_at"])
    client.force_login(contact(ours))
    send(client, meeting)
    row = Attendance.objects.get(meeting=meeting, unit=ours)
    assert row.status != AttendanceStatus.SUBSTITUTE


def test_only_a_unit_contact_names_one(client, setting, small_street):
    from tests.factories import secretary

    meeting, _ours, _theirs = setting
    client.force_login(secretary(meeting.committee.node))
    assert send(client, meeting).status_code == 403
