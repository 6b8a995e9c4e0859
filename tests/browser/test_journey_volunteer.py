"""A volunteer on the phone: signs in at the front door, signs up to an activity, checks in and
out with the code on the organiser's screen; the community's secretary approves the hours on
that screen (a second browser); the volunteer finds the points on their own page."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.browser.conftest import (
    PHONE,
    accessibility_problems,
    fits_the_screen,
    message_in_view,
    shot,
    sign_in,
)
from tests.factories import CommunityFactory, StreetFactory, secretary
from tests.factories.volunteers import activity, volunteer
from volunteers import services
from volunteers.models import CheckIn, CheckInStatus, PointEntry, PointRule, Signup

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def volunteer_world():
    """A community, an approved volunteer, and an activity starting in half an hour (sign-up is
    still open, check-in already)."""
    # The rule comes from a data migration, which a transactional test's flush may have removed.
    PointRule.objects.update_or_create(
        key="hours",
        defaults={
            "name": "志愿服务时长",
            "source": "checkin",
            "points_per_hour": Decimal("10"),
            "points_each": Decimal("0"),
            "daily_cap": Decimal("40"),
            "yearly_cap": Decimal("2000"),
            "active": True,
        },
    )
    community = CommunityFactory(parent=StreetFactory(name="黛溪街道"), name="醴泉社区")
    return {
        "community": community,
        "volunteer": volunteer(community, name="孙志愿", phone="13900009999"),
        "activity": activity(
            community,
            title="送医疗进社区",
            start=timezone.now() + datetime.timedelta(minutes=30),
            hours=3,
        ),
        "secretary": secretary(community),
    }


def test_volunteer_signs_up_checks_in_and_out_and_sees_the_approved_points(
    chromium, phone, live_server, volunteer_world
):
    base, event = live_server.url, volunteer_world["activity"]
    me = volunteer_world["volunteer"]
    sign_in(phone, base, "13900009999", "correct-horse-battery")
    assert "/accounts/login/" not in phone.url

    # Sign up.
    assert phone.goto(f"{base}/activities/{event.pk}/").status == 200
    assert accessibility_problems(phone) == ""
    with phone.expect_navigation():
        phone.get_by_role("button", name="报名", exact=True).click()
    signup = Signup.objects.get(activity=event, volunteer=me)
    assert signup.status == "confirmed"
    assert message_in_view(phone, "报名成功。")
    assert phone.get_by_role("button", name="取消报名").count() == 1

    # The community's secretary puts the check-in screen up, in a browser of her own; its clock
    # is Playwright's, so the half-minute refresh can be run on at once.
    desk = chromium.new_context(viewport=PHONE, locale="zh-CN", is_mobile=True)
    refused: list[str] = []
    try:
        screen = desk.new_page()
        screen.clock.install()
        screen.on(
            "console",
            lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None,
        )
        sign_in(screen, base, volunteer_world["secretary"].username, "correct-horse-battery")
        assert screen.goto(f"{base}/activities/{event.pk}/").status == 200
        with screen.expect_navigation():
            screen.get_by_role("link", name="签到屏").click()
        assert screen.url.endswith(f"/activities/{event.pk}/screen/")
        assert "还没有人签到" in screen.locator("[data-stays]").inner_text()
        row = screen.locator("[data-stays] tr", has_text="孙志愿")

        # At the venue: the page the screen's QR code leads to, with the code of this minute.
        checkin_url = f"{base}/activities/{event.pk}/checkin/{services.checkin_code(event)}/"
        assert phone.goto(checkin_url).status == 200
        assert accessibility_problems(phone) == ""
        with phone.expect_navigation():
            phone.get_by_role("button", name="签到", exact=True).click()
        stay = CheckIn.objects.get(activity=event, volunteer=me)
        assert stay.status == CheckInStatus.OPEN
        assert message_in_view(phone, "签到成功，感谢您的服务！")

        # Half a minute on, the screen shows her in, without a reload.
        screen.clock.run_for(31_000)
        row.wait_for()
        assert "已签到" in row.inner_text()
        assert row.locator("input[name=checkin]").count() == 0

        # Two hours of service later (moved back in the database rather than waited for), she
        # checks out with the code the screen shows then.
        CheckIn.objects.filter(pk=stay.pk).update(
            checked_in_at=stay.checked_in_at - datetime.timedelta(hours=2)
        )
        code = services.checkin_code(event)
        assert phone.goto(f"{base}/activities/{event.pk}/checkin/{code}/").ok
        with phone.expect_navigation():
            phone.get_by_role("button", name="签退", exact=True).click()
        stay.refresh_from_db()
        assert stay.status == CheckInStatus.CLOSED
        assert Decimal("2.00") <= stay.hours < Decimal("2.05")
        assert message_in_view(phone, f"已签退：{stay.hours} 小时。")
        assert PointEntry.objects.filter(volunteer=me).count() == 0

        # The screen catches up, the stay ticked for review; the secretary approves it.
        screen.clock.run_for(31_000)
        row.locator("input[name=checkin]").wait_for()
        assert row.locator("input[name=checkin]").is_checked()
        assert str(stay.hours) in row.inner_text()
        assert accessibility_problems(screen) == ""
        screen.get_by_label("所选时长").select_option("1")
        with screen.expect_navigation():
            screen.get_by_role("button", name="审核所选时长").click()
        assert message_in_view(screen, "已审核 1 条记录。")
        assert "时长已审核" in row.inner_text()
    finally:
        desk.close()
    assert refused == [], "the Content-Security-Policy refused something the organiser needs"
    stay.refresh_from_db()
    assert stay.status == CheckInStatus.APPROVED
    assert stay.reviewed_by == volunteer_world["secretary"]
    points = PointEntry.objects.get(volunteer=me)
    assert points.amount == Decimal("10") * stay.hours
    assert points.source_key == f"checkin:{stay.pk}"

    # The volunteer's own page shows the points and the hours.
    assert phone.goto(f"{base}/volunteer/me/").status == 200
    heading = phone.get_by_role("heading", level=1)
    assert heading.inner_text() == "孙志愿 · 我的时长与积分"
    summary = phone.locator("main p", has_text="积分").first.inner_text()
    assert f"积分: {points.amount}" in summary or f"积分：{points.amount}" in summary
    assert str(stay.hours) in phone.locator("main").inner_text()
    assert fits_the_screen(phone)
    assert accessibility_problems(phone) == ""
    shot(phone, "journeys/volunteer")
