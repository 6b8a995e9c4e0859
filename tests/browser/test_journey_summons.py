"""吹哨报到 from raising to every unit's report, on a phone and at a desk: a community secretary
raises a summons; each called unit's contact says it will come, checks in with the code shown
at the place and reports what it did; the secretary sees every unit done and closes it."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from summons.models import CallStatus, SummonsCall, SummonsStatus
from tests.browser.conftest import (
    DESKTOP,
    PHONE,
    accessibility_problems,
    browser_page,
    fits_the_screen,
    shot,
    sign_in,
    too_wide,
)
from tests.factories import CommunityFactory, StreetFactory, secretary
from tests.factories.alliance import UnitFactory, contact
from tests.factories.files import picture_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_summons_from_raising_to_every_units_report(chromium, live_server, viewport):
    street = StreetFactory(name="黛溪街道")
    community = CommunityFactory(parent=street, name="醴泉社区")
    units = [UnitFactory(community=community, name=n) for n in ("人民医院", "供电公司")]
    contacts = [contact(u) for u in units]
    user = secretary(community)
    base = live_server.url
    size = "phone" if viewport is PHONE else "desktop"

    with browser_page(chromium, viewport) as page:
        sign_in(page, base, user.username, PASSWORD)
        page.get_by_role("link", name="吹哨报到").first.click()
        page.wait_for_url("**/summons/")
        page.get_by_role("link", name="发起吹哨").click()
        page.wait_for_url("**/summons/new/")
        page.wait_for_load_state("networkidle")
        page.select_option("#id_kind", value="flood")
        page.fill("#id_title", "暴雨积水排涝")
        page.fill("#id_description", "地下车库进水，需要抽水设备和人手")
        page.fill("#id_place", "醴泉小区北门")
        deadline = timezone.localtime() + datetime.timedelta(hours=3)
        page.fill("#id_deadline", deadline.strftime("%Y-%m-%dT%H:%M"))
        for unit in units:
            page.get_by_label(f"{unit.name} · 醴泉社区").check()
        assert fits_the_screen(page)
        shot(page, f"{size}/summons/raise")
        page.get_by_role("button", name="吹哨召集").click()
        page.wait_for_selector("#check-in-code")
        page.wait_for_load_state("networkidle")  # measured once laid out, fonts and all
        check_in = page.locator("#check-in-link").get_attribute("href")
        summons_url = page.url
        assert not too_wide(page, viewport), too_wide(page, viewport)
        assert not accessibility_problems(page)

    for unit, person in zip(units, contacts, strict=True):
        with browser_page(chromium, viewport) as page:
            sign_in(page, base, person.username, PASSWORD)
            page.goto(summons_url)
            page.get_by_role("button", name="我们会来").click()
            page.wait_for_load_state()
            page.goto(check_in)  # what scanning the code at the place opens
            page.get_by_role("button", name="我们已到场").click()
            page.wait_for_selector("#report-note")
            page.fill("#report-note", f"{unit.name}已到场处置完毕")
            page.set_input_files(  # two photos taken on site
                "#report-photo",
                [
                    {"name": name, "mimeType": "image/jpeg", "buffer": picture_bytes()}
                    for name in ("before.jpg", "after.jpg")
                ],
            )
            page.get_by_role("button", name="反馈完成").click()
            page.wait_for_load_state("networkidle")
            assert fits_the_screen(page)
            shot(page, f"{size}/summons/unit-{unit.pk}")
        done = SummonsCall.objects.get(unit=unit)
        assert done.status == CallStatus.DONE and done.photos.count() == 2

    with browser_page(chromium, viewport) as page:
        sign_in(page, base, user.username, PASSWORD)
        page.goto(summons_url)
        table = page.locator("#calls").inner_text()
        assert table.count("已完成并反馈") == 2
        assert "照片2" in table  # each unit's second photo is listed beside its report
        page.fill("#close-note", "积水已排净")
        page.get_by_role("button", name="办结").click()
        page.wait_for_load_state()
        shot(page, f"{size}/summons/closed")
    assert SummonsCall.objects.first().summons.status == SummonsStatus.CLOSED
