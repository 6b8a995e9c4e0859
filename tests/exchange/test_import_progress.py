"""While a large file is read, its report page shows the progress live: a script asks the
progress endpoint, whose count moves as the worker goes, and a page without script refreshes
itself instead. Once the worker is done the page carries neither."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from exchange import services
from exchange.models import ImportJob, JobStatus
from organizations.resources import UnitResource
from tests.exchange.conftest import sheet
from tests.exchange.test_unit_import import unit_rows
from tests.factories import secretary, street_staff

pytestmark = pytest.mark.django_db

HEADERS = UnitResource.headers()


def test_the_progress_endpoint_moves_while_the_file_is_read(
    client, small_street, run_job, monkeypatch
):
    staff = street_staff(small_street.street)
    client.force_login(staff)
    seen: list[dict] = []
    real = services.progress_set

    def watch(job_id: int, done: int, total: int) -> None:
        real(job_id, done, total)
        job = ImportJob.objects.get(pk=job_id)
        if job.running:  # ask as the page's script does, while the worker is at it
            url = reverse("admin:exchange_importjob_progress", args=[job_id])
            seen.append(client.get(url).json())

    monkeypatch.setattr(services, "progress_set", watch)
    job = run_job(staff, "units", sheet(HEADERS, unit_rows(small_street.communities, 80)))
    assert job.status == "checked"
    during = [(state["done"], state["total"]) for state in seen if state["running"]]
    assert [done for done, _total in during] == [0, 25, 50, 75]
    assert all(total == 80 for _done, total in during[1:])
    final = client.get(reverse("admin:exchange_importjob_progress", args=[job.pk])).json()
    assert final == {"status": "checked", "running": False, "done": 80, "total": 80}


@pytest.fixture
def running_job(small_street):
    staff = street_staff(small_street.street)
    job = ImportJob(kind="units", file_name="units.xlsx", uploaded_by=staff, total_rows=400)
    job.file.save("units.xlsx", ContentFile(b"PK"), save=False)
    job.save()
    services.progress_set(job.pk, 150, 400)
    return job


def test_the_report_page_follows_a_running_job_with_or_without_script(client, running_job):
    client.force_login(running_job.uploaded_by)
    page = client.get(reverse("admin:exchange_importjob_report", args=[running_job.pk]))
    html = page.content.decode()
    url = reverse("admin:exchange_importjob_progress", args=[running_job.pk])
    assert f'data-progress-url="{url}"' in html
    assert '<progress id="import-progress" max="400" value="150">' in html
    assert "/static/js/import-progress.js" in html
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in html
    assert client.get(url).json() == {
        "status": "checking",
        "running": True,
        "done": 150,
        "total": 400,
    }


def test_a_finished_job_neither_polls_nor_refreshes(client, running_job):
    ImportJob.objects.filter(pk=running_job.pk).update(status=JobStatus.CHECKED)
    client.force_login(running_job.uploaded_by)
    html = client.get(reverse("admin:exchange_importjob_report", args=[running_job.pk])).content
    assert b"import-progress.js" not in html and b"http-equiv" not in html


def test_someone_elses_progress_is_not_found(client, running_job, small_street):
    client.force_login(secretary(small_street.communities[0]))
    url = reverse("admin:exchange_importjob_progress", args=[running_job.pk])
    assert client.get(url).status_code == 404
