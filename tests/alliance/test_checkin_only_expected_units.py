"""A meeting's QR link checks in only the units expected at that meeting."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from alliance.models import Attendance, AttendanceStatus
from alliance.services import meetings
from tests.factories import CommunityFactory, StreetFactory
from tests.factories.alliance import UnitFactory, at, contact, party_committee, schedule

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_communities():
    street = StreetFactory()
    here, there = CommunityFactory(parent=street), CommunityFactory(parent=street)
    committee = party_committee(here)
    party_committee(there)
    ours = UnitFactory(community=here)
    theirs = UnitFactory(community=there)
    return committee, ours, theirs


def _running_meeting(committee):
    start = timezone.now() - datetime.timedelta(minutes=30)
    return schedule(committee, start)


def test_a_unit_of_another_community_is_refused_and_nothing_is_written(two_communities):
    committee, _ours, theirs = two_communities
    meeting = schedule(committee, at(2026, 1, 10, 14))
    with pytest.raises(ValidationError, match="不是本次会议的应到单位"):
        meetings.attendance_check_in(meeting=meeting, unit=theirs, now=at(2026, 1, 10, 14, 5))
    assert not Attendance.objects.filter(meeting=meeting, unit=theirs).exists()


def test_an_expected_unit_still_checks_in(two_communities):
    committee, ours, _theirs = two_communities
    meeting = schedule(committee, at(2026, 1, 10, 14))
    row = meetings.attendance_check_in(meeting=meeting, unit=ours, now=at(2026, 1, 10, 14, 5))
    assert row.status == AttendanceStatus.PRESENT


def test_the_qr_page_refuses_another_communitys_contact_in_their_language(client, two_communities):
    committee, _ours, theirs = two_communities
    meeting = _running_meeting(committee)
    client.force_login(contact(theirs))
    url = reverse("alliance:checkin", args=[meeting.checkin_token])
    with translation.override("zh-hans"):
        page = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
        response = client.post(url, follow=True, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "不是本次会议的应到单位" in page
    assert f"{theirs.name} 签到</button>" not in page
    assert "不是本次会议的应到单位" in response.content.decode()
    assert not Attendance.objects.filter(meeting=meeting, unit=theirs).exists()


def test_the_qr_page_checks_in_an_expected_contact(client, two_communities):
    committee, ours, _theirs = two_communities
    meeting = _running_meeting(committee)
    client.force_login(contact(ours))
    client.post(reverse("alliance:checkin", args=[meeting.checkin_token]))
    row = Attendance.objects.get(meeting=meeting, unit=ours)
    assert row.status == AttendanceStatus.PRESENT and row.checked_in_at
