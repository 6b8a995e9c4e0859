"""A member unit's contact on the phone: signs in at the front door, logs what the unit gave to a
co-building project, then accepts a service request the community sent the unit and closes it
with a report."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from pledges import services as pledge_services
from pledges.models import Contribution
from servicedesk import services as desk_services
from servicedesk.models import RequestStatus, ServiceRequest
from tests.browser.conftest import (
    accessibility_problems,
    fits_the_screen,
    message_in_view,
    shot,
    sign_in,
)
from tests.factories import CommunityFactory, StreetFactory, secretary
from tests.factories.alliance import UnitFactory, contact

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def unit_world():
    """A community with two units and a project led by the other one; a request the
    community's secretary triaged and dispatched to the contact's unit; a project elsewhere."""
    street = StreetFactory(name="黛溪街道")
    community = CommunityFactory(parent=street, name="醴泉社区")
    unit = UnitFactory(community=community, name="邹平市人民医院")
    lead = UnitFactory(community=community, name="醴泉社区居委会")
    today = timezone.localdate()
    project = pledge_services.project_create(
        title="老旧小区加装电梯",
        goal="年内为三栋楼加装电梯",
        node=community,
        starts_on=today - datetime.timedelta(days=30),
        ends_on=today + datetime.timedelta(days=180),
        lead_unit=lead,
    )
    elsewhere = pledge_services.project_create(
        title="别处的项目",
        goal="与本单位无关",
        node=CommunityFactory(parent=street),
        starts_on=today,
        ends_on=today + datetime.timedelta(days=30),
    )
    desk = secretary(community)
    request = desk_services.request_submit(
        community=community,
        category="health",
        description="独居老人需要上门测血压",
        resident_name="赵大爷",
        resident_phone="13800001234",
    )
    desk_services.request_triage(request=request, by=desk)
    desk_services.request_dispatch(request=request, unit=unit, by=desk)
    return {
        "unit": unit,
        "user": contact(unit),
        "project": project,
        "elsewhere": elsewhere,
        "request": request,
    }


def test_unit_contact_logs_a_contribution_then_accepts_and_closes_a_request(
    phone, live_server, unit_world
):
    unit, user, project = unit_world["unit"], unit_world["user"], unit_world["project"]
    base = live_server.url
    sign_in(phone, base, user.username, "correct-horse-battery")
    assert "/accounts/login/" not in phone.url

    # A project of another community is not theirs to see.
    assert phone.goto(f"{base}/projects/{unit_world['elsewhere'].pk}/").status == 404

    # Log what the unit gave: the ledger lists the community's project, not the other one.
    assert phone.goto(f"{base}/projects/").status == 200
    assert phone.get_by_role("link", name="别处的项目").count() == 0
    with phone.expect_navigation():
        phone.get_by_role("link", name="老旧小区加装电梯").click()
    assert phone.url.endswith(f"/projects/{project.pk}/")
    assert accessibility_problems(phone) == ""
    phone.select_option("#id_kind", "materials")
    phone.fill("#id_description", "捐赠电梯井道材料一批")
    phone.fill("#id_value", "12000")
    phone.fill("#id_person_days", "3")
    phone.fill("#id_evidence_text", "送货单号 A-0042")
    with phone.expect_navigation():
        phone.get_by_role("button", name="记录", exact=True).click()
    given = Contribution.objects.get()
    assert (given.project, given.unit, given.created_by) == (project, unit, user)
    assert (given.kind, given.value, given.person_days) == (
        "materials",
        Decimal("12000.00"),
        Decimal("3.0"),
    )
    assert given.contributed_on == timezone.localdate()
    assert message_in_view(phone, "投入已记录。")
    ledger = phone.locator("section.panel", has_text="捐赠电梯井道材料一批")
    assert "邹平市人民医院" in ledger.inner_text()
    assert "物资" in ledger.inner_text()
    by_unit = phone.locator("section.panel", has=phone.get_by_role("heading", name="各单位投入"))
    assert "12000.00" in by_unit.inner_text()
    assert fits_the_screen(phone)

    # Accept the request the community sent the unit.
    request = unit_world["request"]
    assert phone.goto(f"{base}/desk/").status == 200
    with phone.expect_navigation():
        phone.get_by_role("link", name=f"#{request.pk}", exact=True).click()
    assert phone.url.endswith(f"/desk/requests/{request.pk}/")
    # Until the unit accepts, the resident's number stays masked.
    assert "13800001234" not in phone.locator("main").inner_text()
    assert accessibility_problems(phone) == ""
    with phone.expect_navigation():
        phone.get_by_role("button", name="接单", exact=True).click()
    request.refresh_from_db()
    assert (request.status, request.unit) == (RequestStatus.ACCEPTED, unit)
    assert request.events.filter(action="accept", by=user, unit=unit).exists()
    assert message_in_view(phone, "操作成功。")
    assert phone.locator("main .badge").first.inner_text() == "已接单"
    # While the unit holds the request it may call the resident.
    assert "13800001234" in phone.locator("main").inner_text()
    assert accessibility_problems(phone) == ""

    # Later: close it with a report of what was done.
    phone.fill("textarea[name=report]", "已上门测量血压，结果正常，并留下随访电话。")
    with phone.expect_navigation():
        phone.get_by_role("button", name="办结", exact=True).click()
    request = ServiceRequest.objects.get(pk=request.pk)
    assert request.status == RequestStatus.CLOSED
    assert request.report == "已上门测量血压，结果正常，并留下随访电话。"
    assert request.closed_by_unit == unit and request.closed_at is not None
    assert phone.locator("main .badge").first.inner_text() == "已办结"
    assert "已上门测量血压" in phone.locator("main").inner_text()
    # Nothing is left for the unit to do: no empty panel of actions.
    assert phone.get_by_role("heading", name="本单位").count() == 0
    assert fits_the_screen(phone)
    assert accessibility_problems(phone) == ""
    shot(phone, "journeys/unit-contact")
