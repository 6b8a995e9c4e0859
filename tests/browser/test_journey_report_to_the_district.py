"""What a street cannot settle, to the district and back, each step by the person who takes
it: the street's staff report the street committee's item up at a desk; the district's staff,
on a phone, land on the comparison of their streets, find the item waiting, and send the
district's decision back; the street's staff read it on the item's page."""

from __future__ import annotations

import datetime
import re

import pytest

from accounts.models import Role
from alliance.models import FollowUpStatus
from alliance.services import followups
from grids import services as grid_services
from grids.models import NodeKind
from tests.browser.conftest import (
    DESKTOP,
    PHONE,
    accessibility_problems,
    browser_page,
    fits_the_screen,
    shot,
    sign_in,
)
from tests.factories import CommunityFactory, StreetFactory, UserFactory, street_staff
from tests.factories.alliance import UnitFactory, at, schedule, working_committee

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"


def test_an_item_goes_up_to_the_district_and_its_decision_comes_back(chromium, live_server):
    district = grid_services.node_create(
        parent=None, kind=NodeKind.DISTRICT, name="示范区", code="journey-district"
    )
    streets = []
    for name in ("黛溪街道", "张湾街道"):
        street = StreetFactory(name=name)
        grid_services.node_move(node=street, parent=district)
        streets.append(street)
    street = streets[0]
    street.refresh_from_db()
    unit = UnitFactory(community=CommunityFactory(parent=street, name="醴泉社区"), name="住建公司")
    meeting = schedule(working_committee(street), at(2026, 1, 12), title="大工委会议")
    item = followups.followup_create(
        meeting=meeting,
        title="跨街道道路改造",
        owner=unit,
        due_on=datetime.date(2026, 3, 1),
        created_at=at(2026, 1, 12),
    )
    staff = street_staff(street)
    district.refresh_from_db()
    watcher = UserFactory(role=Role.DISTRICT_STAFF, scope_node=district)
    base = live_server.url

    with browser_page(chromium, DESKTOP) as page:  # the street's staff, at a desk
        sign_in(page, base, staff.username, PASSWORD)
        page.goto(f"{base}/alliance/followups/{item.pk}/")
        page.fill("textarea[name=reason]", "涉及两个街道的道路和资金，街道无权决定，请区委协调。")
        page.get_by_role("button", name="向区委汇报").click()
        page.wait_for_load_state()
        assert "该事项已向区委汇报" in page.content()
        assert "等待区里作出决定" in page.content()
        shot(page, "journeys/district/1-street-reports-up-1280")

    with browser_page(chromium, PHONE) as page:  # the district's staff, on a phone
        sign_in(page, base, watcher.username, PASSWORD)
        assert page.url.endswith("/dashboard/district/")  # where the district's staff land
        assert fits_the_screen(page)
        text = page.inner_text("main")
        assert "黛溪街道" in text and "张湾街道" in text and "待决定" in text
        assert not accessibility_problems(page)
        shot(page, "journeys/district/2-comparison-390")
        page.get_by_role("link", name="跨街道道路改造").click()
        page.wait_for_url(re.compile(rf".*/alliance/followups/{item.pk}/$"))
        page.fill("textarea[name=decision]", "区住建局牵头，一个月内拿出方案，由街道督办。")
        page.check("input[name=close_item]")
        page.get_by_role("button", name="反馈决定").click()
        page.wait_for_load_state()
        assert "区级决定已反馈" in page.content()
        assert fits_the_screen(page)
        shot(page, "journeys/district/3-district-decides-390")

    item.refresh_from_db()
    assert item.status == FollowUpStatus.DONE
    assert item.district_report.decided_by == watcher

    with browser_page(chromium, PHONE) as page:  # back at the street
        sign_in(page, base, staff.username, PASSWORD)
        page.goto(f"{base}/alliance/followups/{item.pk}/")
        assert "区住建局牵头" in page.inner_text("main")
        assert fits_the_screen(page)
        shot(page, "journeys/district/4-street-reads-the-decision-390")
