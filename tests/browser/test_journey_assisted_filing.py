"""代办 at the service centre: a community secretary, on a phone and at a desk, signs in, goes
from the workspace to filing for a resident, files an elderly resident's service request, copies
the tracking code from the receipt, and the resident's tracking page says 代办."""

from __future__ import annotations

import pytest

from servicedesk.models import ServiceRequest
from tests.browser.conftest import (
    DESKTOP,
    PHONE,
    accessibility_problems,
    browser_page,
    fits_the_screen,
    shot,
    sign_in,
)
from tests.factories import CommunityFactory, StreetFactory, secretary

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_a_secretary_files_a_request_for_a_resident_without_a_phone(chromium, live_server, size):
    street = StreetFactory(name="黛溪街道")
    community = CommunityFactory(parent=street, name="醴泉社区")
    CommunityFactory(parent=street, name="黄山社区")
    user = secretary(community)
    base = live_server.url
    with browser_page(chromium, PHONE if size == "phone" else DESKTOP) as page:
        sign_in(page, base, user.username, "correct-horse-battery")
        page.get_by_role("link", name="为居民代办").first.click()
        page.wait_for_url("**/workspace/assist/")
        page.get_by_role("link", name="服务需求").click()
        page.wait_for_url("**/workspace/assist/request/")
        page.wait_for_load_state()
        assert fits_the_screen(page)
        # Only her own community is offered.
        options = page.locator("#id_community option").all_inner_texts()
        assert "黄山社区" not in options and "醴泉社区" in options
        page.select_option("#id_community", label="醴泉社区")
        page.select_option("#id_category", value="elderly")
        page.fill("#id_description", "独居老人需要每周代买药品")
        page.fill("#id_resident_name", "王秀英")
        page.fill("#id_resident_phone", "0543-4321234")
        shot(page, f"{size}/assist/request-form")
        page.locator("form.public-form button[type=submit]:not(.default-submit)").last.click()
        page.wait_for_url("**/workspace/assist/done/")
        page.wait_for_selector("#tracking-code")
        code = page.locator("#tracking-code").inner_text()
        assert ServiceRequest.objects.get(tracking_code=code).assisted_by == user
        assert fits_the_screen(page)
        assert not accessibility_problems(page)
        shot(page, f"{size}/assist/receipt")
        page.goto(f"{base}/track/{code}/")
        assert "代办" in page.locator("#assisted").inner_text()
