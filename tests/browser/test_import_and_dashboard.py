"""Street staff in a real browser: import a 500-row unit spreadsheet with two bad rows, read the
errors, fix them, import, then open the dashboard's charts and download the month's report."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import tablib
from axe_playwright_python.sync_playwright import Axe

from organizations.models import Unit
from organizations.resources import UnitResource
from tests.browser.conftest import WCAG_AA, shot, wait_until
from tests.exchange.test_unit_import import unit_rows
from tests.factories import street_staff
from tests.factories.streets import build_street

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, base: str, username: str, next_path: str) -> None:
    page.goto(f"{base}/admin/login/?next={next_path}")
    page.fill("#id_username", username)
    page.fill("#id_password", "correct-horse-battery")
    with page.expect_navigation():
        page.click("input[type=submit]")


def upload(page, base: str, path) -> None:
    page.goto(f"{base}/admin/exchange/importjob/upload/")
    page.select_option("#id_kind", "units")
    page.set_input_files("#id_file", str(path))
    with page.expect_navigation():
        page.click("input[type=submit]")


def test_import_with_errors_then_fixed_then_the_dashboard(
    chromium, live_server, eager_celery, tmp_path
):
    street = build_street()
    staff = street_staff(street.street)
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    context.add_cookies([{"name": "django_language", "value": "zh-hans", "url": live_server.url}])
    page = context.new_page()
    page.route("**/tile.openstreetmap.org/**", lambda route: route.abort())
    try:
        sign_in(page, live_server.url, staff.username, "/admin/exchange/importjob/upload/")
        rows = unit_rows(street.communities, 500)
        rows[41][4] = "12345"
        rows[301][0] = "nowhere/c99"
        bad = tmp_path / "units.xlsx"
        bad.write_bytes(tablib.Dataset(*rows, headers=UnitResource.headers()).export("xlsx"))
        upload(page, live_server.url, bad)
        errors = page.locator("#import-errors tbody tr")
        assert errors.count() == 2
        assert errors.nth(0).inner_text().startswith("43\t联系电话 (E)")
        assert errors.nth(1).inner_text().startswith("303\t所在社区 (A)")
        assert page.get_by_role("button", name="立即导入").count() == 0
        assert Unit.objects.count() == 0
        shot(page, "import-errors")

        rows[41][4] = "13800000041"
        rows[301][0] = street.communities[1].code_path
        good = tmp_path / "units-fixed.xlsx"
        good.write_bytes(tablib.Dataset(*rows, headers=UnitResource.headers()).export("xlsx"))
        upload(page, live_server.url, good)
        with page.expect_navigation():
            page.get_by_role("button", name="立即导入").click()
        assert "已导入：新增 500 条" in page.content()
        assert Unit.objects.count() == 500
        shot(page, "import-done")

        page.goto(f"{live_server.url}/dashboard/")
        wait_until(page, "() => typeof Chart !== 'undefined' && Chart.getChart !== undefined")
        drawn = page.evaluate(
            "[...document.querySelectorAll('canvas')].filter(c => Chart.getChart(c)).length"
        )
        assert drawn == 6
        results = Axe().run(page, options=WCAG_AA)
        assert results.violations_count == 0, results.generate_report()
        shot(page, "dashboard-zh-hans")
        with page.expect_download() as download:
            page.get_by_role("link", name="月报（Excel）").click()
        sheet = tablib.Dataset().load(
            io.BytesIO(Path(download.value.path()).read_bytes()), format="xlsx"
        )
        assert [row[0] for row in sheet] == [
            *[c.name for c in street.communities],
            street.street.name,
        ]
        page.get_by_role("link", name="月报", exact=True).click()
        page.wait_for_selector("#report")
        results = Axe().run(page, options=WCAG_AA)
        assert results.violations_count == 0, results.generate_report()
        shot(page, "monthly-report-zh-hans")
    finally:
        context.close()
