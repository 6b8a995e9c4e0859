"""The import as street staff use it in the back office: template, upload, report, confirm."""

from __future__ import annotations

import pytest
from django.urls import reverse

from exchange.models import ImportJob
from organizations.models import Unit
from organizations.resources import UnitResource
from tests.exchange.conftest import read_xlsx, sheet
from tests.exchange.test_unit_import import unit_rows
from tests.factories import street_staff

pytestmark = pytest.mark.django_db

HEADERS = UnitResource.headers()


@pytest.fixture
def staff_client(client, small_street):
    user = street_staff(small_street.street)
    client.force_login(user)
    return client


def test_the_template_downloads_with_chinese_headers(staff_client):
    response = staff_client.get(
        reverse("admin:exchange_importjob_template", args=["units", "xlsx"])
    )
    assert response.status_code == 200
    # The column after the last holds the note beside the example row, under no name.
    assert read_xlsx(response.content).headers == [*HEADERS, None]
    csv = staff_client.get(reverse("admin:exchange_importjob_template", args=["units", "csv"]))
    assert csv.content.decode("utf-8-sig").splitlines()[0] == ",".join(HEADERS)


def upload(client, rows, capture):
    """Upload as the browser does; the worker runs the check; the page refreshes itself."""
    with capture(execute=True):
        response = client.post(
            reverse("admin:exchange_importjob_upload"),
            {"kind": "units", "file": sheet(HEADERS, rows)},
        )
    assert response.status_code == 302
    return client.get(response["Location"])


def test_upload_read_errors_fix_confirm(
    staff_client, small_street, eager_celery, django_capture_on_commit_callbacks
):
    rows = unit_rows(small_street.communities, 20)
    rows[4][1] = ""  # line 6, column B: a unit needs a name
    response = upload(staff_client, rows, django_capture_on_commit_callbacks)
    page = response.content.decode()
    assert "没有导入任何数据" in page  # "errors: nothing has been imported"
    assert "<td>6</td><td>单位名称 (B)</td>" in page
    assert "立即导入" not in page
    assert not Unit.objects.exists()

    rows[4][1] = "补上的单位"
    response = upload(staff_client, rows, django_capture_on_commit_callbacks)
    page = response.content.decode()
    assert "立即导入" in page  # the confirm button
    job = ImportJob.objects.latest("pk")
    assert job.status == "checked"
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(reverse("admin:exchange_importjob_confirm", args=[job.pk]))
    response = staff_client.get(response["Location"])
    assert "已导入：新增 20 条" in response.content.decode()
    assert Unit.objects.count() == 20
    progress = staff_client.get(reverse("admin:exchange_importjob_progress", args=[job.pk]))
    assert progress.json() == {"status": "done", "running": False, "done": 20, "total": 20}


def test_a_file_with_wrong_columns_is_refused_at_once(staff_client):
    response = staff_client.post(
        reverse("admin:exchange_importjob_upload"),
        {"kind": "units", "file": sheet(["单位", "电话"], [["甲", "1"]])},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "缺少这些列" in page and "不认识这些列" in page
    assert not ImportJob.objects.exists()


def test_a_broken_file_is_refused_with_a_plain_message(staff_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = staff_client.post(
        reverse("admin:exchange_importjob_upload"),
        {"kind": "units", "file": SimpleUploadedFile("units.xlsx", b"not a zip")},
    )
    assert "无法读取这个文件" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_someone_elses_job_is_not_found(client, staff_client, small_street, run_job):
    owner = street_staff(small_street.street)
    job = run_job(owner, "units", sheet(HEADERS, unit_rows(small_street.communities, 2)))
    assert (
        staff_client.get(reverse("admin:exchange_importjob_report", args=[job.pk])).status_code
        == 404
    )
    response = staff_client.post(reverse("admin:exchange_importjob_confirm", args=[job.pk]))
    assert response.status_code == 404
    assert not Unit.objects.exists()


def test_progress_is_reported_while_rows_are_read(small_street, run_job, monkeypatch):
    from exchange import services

    seen = []
    real = services.progress_set
    monkeypatch.setattr(
        services,
        "progress_set",
        lambda job_id, done, total: (seen.append(done), real(job_id, done, total)),
    )
    staff = street_staff(small_street.street)
    run_job(staff, "units", sheet(HEADERS, unit_rows(small_street.communities, 60)))
    assert seen == [0, 25, 50, 60]


def test_the_job_list_keeps_its_queries_few(
    staff_client, small_street, run_job, django_assert_max_num_queries
):
    user = staff_client.session["_auth_user_id"]
    from accounts.models import User

    owner = User.objects.get(pk=user)
    for _ in range(5):
        run_job(owner, "units", sheet(HEADERS, unit_rows(small_street.communities, 2)))
    with django_assert_max_num_queries(12):
        response = staff_client.get(reverse("admin:exchange_importjob_changelist"))
    assert response.status_code == 200
