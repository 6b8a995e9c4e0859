"""Minutes are published only for a meeting whose time has come: a meeting next month cannot be
made "held" by writing its minutes today."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from alliance.models import MeetingStatus
from alliance.services import meetings
from tests.factories import CommunityFactory, secretary
from tests.factories.alliance import UnitFactory, party_committee, schedule

pytestmark = pytest.mark.django_db


@pytest.fixture
def committee():
    community = CommunityFactory()
    UnitFactory(community=community)
    return party_committee(community)


def test_the_service_refuses_minutes_for_a_meeting_still_to_come(committee):
    meeting = schedule(committee, timezone.now() + datetime.timedelta(days=30))
    with pytest.raises(ValidationError, match="会议尚未开始"):
        meetings.minutes_publish(meeting=meeting, minutes="提前写好的纪要")
    meeting.refresh_from_db()
    assert (meeting.status, meeting.minutes, meeting.minutes_published_at) == (
        MeetingStatus.SCHEDULED,
        "",
        None,
    )


def test_minutes_are_published_once_the_meeting_has_begun(committee):
    meeting = schedule(committee, timezone.now() - datetime.timedelta(minutes=5))
    meetings.minutes_publish(meeting=meeting, minutes="会议议定三件事。")
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD and meeting.minutes_published_at


def test_the_site_says_why_in_chinese_and_offers_no_minutes_form_too_early(client, committee):
    meeting = schedule(committee, timezone.now() + datetime.timedelta(days=30))
    client.force_login(secretary(committee.node))
    page = client.get(
        reverse("alliance:meeting", args=[meeting.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert "会议开始后才能填写纪要" in page.content.decode()
    response = client.post(
        reverse("alliance:meeting-action", args=[meeting.pk, "minutes"]),
        {"minutes": "提前写好的纪要"},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert "会议尚未开始" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.SCHEDULED
