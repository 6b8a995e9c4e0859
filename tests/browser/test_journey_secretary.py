"""A community secretary on the phone: signs in at the front door, finds this month's meeting of
the community's committee among the alliance's upcoming meetings, and records and publishes its
minutes."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from alliance.models import Meeting, MeetingStatus
from tests.browser.conftest import (
    accessibility_problems,
    fits_the_screen,
    message_in_view,
    shot,
    sign_in,
)
from tests.factories import CommunityFactory, StreetFactory, secretary
from tests.factories.alliance import UnitFactory, party_committee, schedule

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MINUTES = "一、通报本月党建共建项目进展。\n二、议定由人民医院承办下月义诊。"


def this_month_earlier_today() -> datetime.datetime:
    """Return a start a few hours ago, or the month's first minute should that fall in last
    month: the meeting has begun, so its minutes may be published."""
    now = timezone.localtime()
    start = now - datetime.timedelta(hours=3)
    return max(start, now.replace(day=1, hour=0, minute=0, second=0, microsecond=0))


@pytest.fixture
def secretary_world():
    street = StreetFactory(name="黛溪街道")
    community = CommunityFactory(parent=street, name="醴泉社区")
    committee = party_committee(community)
    UnitFactory(community=community, name="邹平市人民医院")
    meeting = schedule(committee, this_month_earlier_today(), title="醴泉社区联席会议（本月）")
    other = schedule(
        party_committee(CommunityFactory(parent=street, name="黄山社区")),
        this_month_earlier_today(),
        title="黄山社区联席会议",
    )
    return {"user": secretary(community), "meeting": meeting, "other": other}


def test_secretary_records_and_publishes_the_minutes_of_this_months_meeting(
    phone, live_server, secretary_world
):
    base, meeting = live_server.url, secretary_world["meeting"]
    sign_in(phone, base, secretary_world["user"].username, "correct-horse-battery")
    assert "/accounts/login/" not in phone.url

    # Another community's meeting is out of her scope, and not listed.
    assert phone.goto(f"{base}/alliance/meetings/{secretary_world['other'].pk}/").status == 404
    assert phone.goto(f"{base}/alliance/").status == 200
    assert phone.get_by_role("link", name="黄山社区联席会议").count() == 0

    with phone.expect_navigation():
        phone.get_by_role("link", name="醴泉社区联席会议（本月）").click()
    assert phone.url.endswith(f"/alliance/meetings/{meeting.pk}/")
    assert phone.get_by_role("button", name="发布纪要").count() == 1
    assert accessibility_problems(phone) == ""

    phone.fill("#id_minutes", MINUTES)
    with phone.expect_navigation():
        phone.get_by_role("button", name="发布纪要").click()
    meeting = Meeting.objects.get(pk=meeting.pk)
    assert meeting.minutes.replace("\r\n", "\n") == MINUTES
    assert meeting.status == MeetingStatus.HELD
    assert meeting.minutes_published_at is not None
    assert message_in_view(phone, "会议纪要已发布。")
    minutes = phone.locator("section.panel", has=phone.get_by_role("heading", name="会议纪要"))
    shown = minutes.inner_text()
    assert "纪要已于" in shown and "发布" in shown
    assert "通报本月党建共建项目进展" in shown and "议定由人民医院承办下月义诊" in shown
    assert fits_the_screen(phone)
    assert accessibility_problems(phone) == ""
    shot(phone, "journeys/secretary")

    # The printable minutes carry them too.
    assert phone.goto(f"{base}/alliance/meetings/{meeting.pk}/print/").status == 200
    assert "议定由人民医院承办下月义诊" in phone.locator("body").inner_text()
