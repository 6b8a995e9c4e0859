"""An import's report page in a real browser while the worker reads the file: the bar moves
as the progress endpoint's count does, without the page reloading, and the report appears on
its own once the worker is done."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile

from exchange import services
from exchange.models import ImportJob, JobStatus
from tests.browser.conftest import DESKTOP, browser_page, wait_until
from tests.browser.test_import_and_dashboard import sign_in
from tests.factories import street_staff
from tests.factories.streets import build_street

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_bar_moves_live_and_the_report_follows(chromium, live_server):
    street = build_street(communities=1, compounds_per_community=1, buildings=1)
    staff = street_staff(street.street)
    job = ImportJob(kind="units", file_name="units.xlsx", uploaded_by=staff, total_rows=400)
    job.file.save("units.xlsx", ContentFile(b"PK"), save=False)
    job.save()
    services.progress_set(job.pk, 150, 400)
    report = f"/admin/exchange/importjob/{job.pk}/report/"
    with browser_page(chromium, DESKTOP) as page:
        page.context.add_cookies(
            [{"name": "django_language", "value": "zh-hans", "url": live_server.url}]
        )
        sign_in(page, live_server.url, staff.username, report)
        assert page.evaluate("document.querySelector('#import-progress').value") == 150
        page.evaluate("window.sameDocument = true")

        services.progress_set(job.pk, 300, 400)
        wait_until(page, "() => document.querySelector('#import-progress').value === 300")
        assert page.locator("[data-progress-count]").inner_text() == "300 / 400"
        assert page.evaluate("window.sameDocument === true")  # moved in place, not reloaded

        with page.expect_navigation(timeout=10_000):  # the script loads the report itself
            ImportJob.objects.filter(pk=job.pk).update(
                status=JobStatus.CHECKED, report={"totals": {"new": 400, "update": 0, "skip": 0}}
            )
        assert page.locator("#import-progress").count() == 0
        assert "立即导入" in page.content()
