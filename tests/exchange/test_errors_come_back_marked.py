"""A file whose check found row errors comes back, from the report page, as a copy of itself:
an error column (错误) at the end of its line of column names says what is wrong on each line
and the faulty cells are filled red. Only who may see the job can download it, as an
attachment; corrected and sent again, the same file imports (the error column is ignored)."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from exchange.models import ImportJob
from exchange.workbook import ERROR_RGB
from organizations.models import Unit
from organizations.resources import UnitResource
from tests.exchange.clerk import TITLE, clerk_workbook, header_line
from tests.exchange.conftest import sheet
from tests.exchange.test_clerk_made_workbooks import clerk_unit
from tests.factories import secretary, street_staff

pytestmark = pytest.mark.django_db

HEADERS = UnitResource.headers()


def upload(client, file, capture) -> ImportJob:
    with capture(execute=True):
        response = client.post(
            reverse("admin:exchange_importjob_upload"), {"kind": "units", "file": file}
        )
    assert response.status_code == 302
    return ImportJob.objects.latest("pk")


def is_red(cell) -> bool:
    return cell.fill.fill_type == "solid" and cell.fill.fgColor.rgb == ERROR_RGB


@pytest.fixture
def checked(client, streets, eager_celery, django_capture_on_commit_callbacks):
    """A clerk's file with two bad rows (the second and the fourth), checked."""
    client.force_login(street_staff(streets.zhangwan))
    rows = [clerk_unit(n) for n in range(1, 6)]
    rows[1][4] = "12345"  # 联系电话 (E): not a phone
    rows[3][2] = "外星企业"  # 单位类型 (C): not a kind
    rows[3][8] = "2024-13-45"  # 加入联盟日期 (I): not a date
    job = upload(client, clerk_workbook(HEADERS, rows), django_capture_on_commit_callbacks)
    assert job.status == "invalid"
    return job


def test_the_report_page_offers_the_file_with_its_errors_marked(client, checked):
    page = client.get(reverse("admin:exchange_importjob_report", args=[checked.pk]))
    url = reverse("admin:exchange_importjob_errors", args=[checked.pk])
    assert f'href="{url}"' in page.content.decode()
    assert "下载标注了错误的文件" in page.content.decode()
    assert page.content.decode().count("<tr><td>") >= 3  # and the list on the page too


def test_the_marked_file_names_the_errors_and_fills_the_faulty_cells(client, checked):
    response = client.get(reverse("admin:exchange_importjob_errors", args=[checked.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet_ = book.worksheets[0]
    head = header_line()
    assert sheet_["A1"].value == TITLE  # the clerk's own title row is kept
    names = [cell.value for cell in sheet_[head]]
    assert names[: len(HEADERS)] == HEADERS
    error_column = names.index("错误") + 1
    assert error_column > len(HEADERS)
    assert sheet_.cell(row=head, column=error_column).font.b

    def error(line: int):
        return sheet_.cell(row=line, column=error_column).value

    second, fourth = head + 2, head + 4
    assert error(second) == "联系电话：请输入11位手机号或固定电话（如 0543-4321234）。"
    assert error(fourth).splitlines()[0].startswith("单位类型：“外星企业”不在可选范围内")
    assert (
        error(fourth).splitlines()[1]
        == "加入联盟日期：“2024-13-45”不是日期，请写成 2024-03-01 这样。"
    )
    for line in (head + 1, head + 3, head + 5):
        assert error(line) is None
    assert is_red(sheet_[f"E{second}"]) and is_red(sheet_[f"C{fourth}"])
    assert is_red(sheet_[f"I{fourth}"])
    assert is_red(sheet_.cell(row=second, column=error_column))
    assert not is_red(sheet_[f"E{fourth}"]) and not is_red(sheet_[f"C{second}"])
    assert not any(is_red(cell) for cell in sheet_[head + 1])


def test_the_marked_file_corrected_and_sent_again_imports(
    client, checked, django_capture_on_commit_callbacks
):
    response = client.get(reverse("admin:exchange_importjob_errors", args=[checked.pk]))
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet_ = book.worksheets[0]
    head = header_line()
    sheet_[f"E{head + 2}"] = "13800002222"
    sheet_[f"C{head + 4}"] = "非公企业"
    sheet_[f"I{head + 4}"] = "2024-03-01"
    out = io.BytesIO()
    book.save(out)
    job = upload(
        client,
        SimpleUploadedFile("登记表.xlsx", out.getvalue()),
        django_capture_on_commit_callbacks,
    )
    assert job.status == "checked", job.report["errors"]
    assert job.report["totals"]["new"] == 5


def test_someone_outside_the_job_cannot_download_it(client, checked, streets):
    url = reverse("admin:exchange_importjob_errors", args=[checked.pk])
    client.force_login(secretary(streets.zhangwan_c01))
    assert client.get(url).status_code == 404
    client.force_login(street_staff(streets.daixi))
    assert client.get(url).status_code == 404


def test_a_job_without_row_errors_has_no_marked_file(client, streets, run_job):
    staff = street_staff(streets.zhangwan)
    job = run_job(staff, "units", clerk_workbook(HEADERS, [clerk_unit(1)]))
    assert job.status == "checked"
    client.force_login(staff)
    assert client.get(reverse("admin:exchange_importjob_errors", args=[job.pk])).status_code == 404
    assert Unit.objects.count() == 0


def test_a_csv_comes_back_as_a_workbook_with_its_errors_marked(client, streets, run_job):
    staff = street_staff(streets.zhangwan)
    rows = [clerk_unit(1), clerk_unit(2)]
    rows[0][4] = "12345"
    job = run_job(staff, "units", sheet(HEADERS, rows, fmt="csv"))
    assert job.status == "invalid"
    client.force_login(staff)
    response = client.get(reverse("admin:exchange_importjob_errors", args=[job.pk]))
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    sheet_ = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet_.cell(row=1, column=len(HEADERS) + 1).value == "错误"
    assert sheet_.cell(row=2, column=len(HEADERS) + 1).value.startswith("联系电话：")
    assert is_red(sheet_["E2"]) and not is_red(sheet_["E3"])
