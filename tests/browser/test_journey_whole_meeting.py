"""A community secretary records a whole meeting's attendance on one screen while delegates
check in by the QR code, and street staff grade a whole month on one form; on a phone and on a
desk."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from alliance.models import Attendance, AttendanceStatus, Evaluation
from alliance.services import meetings
from tests.browser.conftest import (
    DESKTOP,
    PHONE,
    accessibility_problems,
    browser_page,
    fits_the_screen,
    message_in_view,
    shot,
    sign_in,
    small_targets,
    wait_until,
)
from tests.factories import CommunityFactory, StreetFactory, secretary, street_staff
from tests.factories.alliance import UnitFactory, at, hold, party_committee, schedule

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = [pytest.param(PHONE, id="phone"), pytest.param(DESKTOP, id="desktop")]


@pytest.fixture
def world():
    street = StreetFactory(name="张湾街道")
    community = CommunityFactory(parent=street, name="车城社区")
    names = ["东风汽车公司", "张湾区人民医院", "车城派出所", "车城小学", "十堰供电公司"]
    units = [UnitFactory(community=community, name=n, rota_order=i) for i, n in enumerate(names)]
    committee = party_committee(community)
    start = timezone.now() - datetime.timedelta(minutes=10)
    meeting = schedule(committee, start, title="车城社区大党委联席会议")
    march = schedule(committee, at(2026, 3, 12, 14), title="三月联席会议")
    hold(march)
    return {
        "street": street,
        "community": community,
        "committee": committee,
        "units": units,
        "meeting": meeting,
    }


@pytest.mark.parametrize("size", SIZES)
def test_secretary_records_the_whole_attendance_while_delegates_check_in(
    chromium, live_server, world, size
):
    base, meeting, units = live_server.url, world["meeting"], world["units"]
    with browser_page(chromium, size) as page:
        sign_in(page, base, secretary(world["community"]).username, "correct-horse-battery")
        page.goto(f"{base}/alliance/meetings/{meeting.pk}/")
        with page.expect_navigation():
            page.get_by_role("link", name="登记出席情况").click()
        assert page.url.endswith(f"/alliance/meetings/{meeting.pk}/attendance/")
        # Every expected unit on the one form.
        assert page.locator("fieldset.unit-line").count() == len(units)

        # A delegate scans the QR code: the sheet marks the unit present by itself.
        meetings.attendance_check_in(meeting=meeting, unit=units[0])
        first = f"input[name='unit-{units[0].pk}-status'][value='present']"
        wait_until(page, f'() => document.querySelector("{first}").checked', timeout=15)

        for unit in units[1:3]:
            page.check(f"input[name='unit-{unit.pk}-status'][value='present']")
        page.check(f"input[name='unit-{units[3].pk}-status'][value='substitute']")
        page.fill(f"#id_unit-{units[3].pk}-substitute", "王副所长")
        page.check(f"input[name='unit-{units[4].pk}-status'][value='leave']")
        page.fill(f"#id_unit-{units[4].pk}-reason", "迎峰度夏保电值班")
        assert fits_the_screen(page)
        assert small_targets(page) is None
        with page.expect_navigation():
            page.get_by_role("button", name="保存出席情况").click()
        assert message_in_view(page, "出席情况已保存")
        rows = {r.unit_id: r for r in Attendance.objects.filter(meeting=meeting)}
        assert [rows[u.pk].status for u in units] == [
            AttendanceStatus.PRESENT,
            AttendanceStatus.PRESENT,
            AttendanceStatus.PRESENT,
            AttendanceStatus.SUBSTITUTE,
            AttendanceStatus.LEAVE,
        ]
        assert rows[units[0].pk].checked_in_at is not None
        assert rows[units[4].pk].absence_reason == "迎峰度夏保电值班"
        assert fits_the_screen(page)
        assert accessibility_problems(page) == ""
        shot(page, f"journeys/attendance-sheet-{size['width']}")


@pytest.mark.parametrize("size", SIZES)
def test_street_staff_grade_a_whole_month_on_one_form(chromium, live_server, world, size):
    base, committee, units = live_server.url, world["committee"], world["units"]
    with browser_page(chromium, size) as page:
        sign_in(page, base, street_staff(world["street"]).username, "correct-horse-battery")
        page.goto(f"{base}/alliance/committees/{committee.pk}/evaluation/2026-03/")
        grade = page.locator(f"#id_unit-{units[0].pk}-grade")
        labels = [o.strip() for o in grade.locator("option").all_inner_texts()]
        assert labels == ["暂不评定", "好", "较好", "一般", "较差"]
        suggested = grade.input_value()
        other = "poor" if suggested != "poor" else "excellent"
        grade.select_option(other)
        with page.expect_navigation():
            page.get_by_role("button", name="保存本月评定").click()
        assert "请在备注中说明理由" in page.locator("fieldset, tr.has-error").first.inner_text()
        assert not Evaluation.objects.exists()

        page.locator(f"#id_unit-{units[0].pk}-grade").select_option(other)
        page.fill(f"#id_unit-{units[0].pk}-note", "牵头完成楼道整治，居民好评")
        with page.expect_navigation():
            page.get_by_role("button", name="保存本月评定").click()
        assert message_in_view(page, "已保存")
        given = {e.unit_id: e for e in Evaluation.objects.filter(committee=committee)}
        assert set(given) == {u.pk for u in units}
        assert given[units[0].pk].grade == other
        assert given[units[0].pk].feedback == "牵头完成楼道整治，居民好评"
        assert fits_the_screen(page)
        assert accessibility_problems(page) == ""
        shot(page, f"journeys/month-grading-{size['width']}")
