"""Street staff on the phone: sign in at the front door, find the follow-up item a community
committee escalated to the street, and send the street's decision back, closing the item."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from alliance.models import Escalation, FollowUp, FollowUpStatus
from alliance.services import followups
from tests.browser.conftest import (
    accessibility_problems,
    fits_the_screen,
    message_in_view,
    shot,
    sign_in,
)
from tests.factories import CommunityFactory, StreetFactory, secretary, street_staff
from tests.factories.alliance import (
    UnitFactory,
    party_committee,
    schedule,
    working_committee,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DECISION = "由街道城管办牵头，五日内协调物业清理楼道堆物。"


def escalated_item(street, community_name: str, title: str) -> FollowUp:
    """An item of a community committee's meeting last week, escalated by its secretary."""
    community = CommunityFactory(parent=street, name=community_name)
    owner = UnitFactory(community=community, name=f"{community_name}物业公司")
    meeting = schedule(
        party_committee(community), timezone.now() - datetime.timedelta(days=7), title="联席会议"
    )
    item = followups.followup_create(
        meeting=meeting,
        title=title,
        owner=owner,
        due_on=timezone.localdate() + datetime.timedelta(days=10),
    )
    followups.followup_escalate(
        item=item, reason="涉及多个部门，社区协调不动。", by=secretary(community)
    )
    return item


@pytest.fixture
def street_world():
    street = StreetFactory(name="黛溪街道")
    working_committee(street)
    mine = escalated_item(street, "醴泉社区", "楼道堆物清理")
    # Not escalated: not on the street's desk.
    followups.followup_create(
        meeting=mine.meeting,
        title="更换路灯",
        owner=mine.owner,
        due_on=timezone.localdate() + datetime.timedelta(days=10),
    )
    elsewhere = StreetFactory(name="高新街道")
    working_committee(elsewhere)
    theirs = escalated_item(elsewhere, "高新社区", "别的街道的事项")
    return {"user": street_staff(street), "item": mine, "theirs": theirs}


def test_street_staff_decide_an_escalated_item_and_close_it(
    phone, live_server, eager_celery, street_world
):
    base, item = live_server.url, street_world["item"]
    user = street_world["user"]
    sign_in(phone, base, user.username, "correct-horse-battery")
    assert "/accounts/login/" not in phone.url

    # Another street's item is not theirs to see.
    assert phone.goto(f"{base}/alliance/followups/{street_world['theirs'].pk}/").status == 404

    # Find the escalated items with the list's filter.
    assert phone.goto(f"{base}/alliance/followups/").status == 200
    phone.check("input[name=escalated]")
    with phone.expect_navigation():
        phone.get_by_role("button", name="筛选").click()
    rows = phone.locator("main table.list tbody tr")
    assert rows.count() == 1
    assert "楼道堆物清理" in rows.first.inner_text()
    assert accessibility_problems(phone) == ""
    with phone.expect_navigation():
        phone.get_by_role("link", name="楼道堆物清理").click()
    assert phone.url.endswith(f"/alliance/followups/{item.pk}/")
    assert "社区协调不动" in phone.locator("main").inner_text()
    assert accessibility_problems(phone) == ""

    phone.fill("#id_decision", DECISION)
    phone.check("#id_close_item")
    with phone.expect_navigation():
        phone.get_by_role("button", name="反馈决定").click()
    escalation = Escalation.objects.get(followup=item)
    assert escalation.decision.replace("\r\n", "\n") == DECISION
    assert escalation.decided_by == user and escalation.decided_at is not None
    assert not escalation.is_open
    item = FollowUp.objects.get(pk=item.pk)
    assert item.status == FollowUpStatus.DONE and item.closed_at is not None
    assert DECISION in item.evidence_text
    assert FollowUp.objects.get(title="更换路灯").status == FollowUpStatus.OPEN

    assert message_in_view(phone, "街道决定已反馈。")
    shown = phone.locator("main").inner_text()
    assert DECISION in shown
    assert phone.locator("main > p").first.inner_text().endswith("已办结")
    assert phone.get_by_role("button", name="反馈决定").count() == 0
    assert fits_the_screen(phone)
    assert accessibility_problems(phone) == ""
    shot(phone, "journeys/street-staff")
