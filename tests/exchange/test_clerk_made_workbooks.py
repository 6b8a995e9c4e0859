"""Workbooks as a clerk makes them import as meant: a merged title row and a note above the
column names, column names with a required-mark or spaces, trailing blank rows, numbers typed
as text, full-width digits (０１２ → 012) and full-width spaces; errors are reported at the
sheet's own lines, and the template's example row, left in place, is left out."""

from __future__ import annotations

import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from exchange.models import ImportJob
from organizations.models import PartyOrganization, Unit
from organizations.resources import UnitResource
from tests.exchange.clerk import clerk_workbook, header_line
from tests.factories import street_staff
from volunteers.models import Volunteer
from volunteers.resources import VolunteerResource

pytestmark = pytest.mark.django_db

HEADERS = UnitResource.headers()


def clerk_unit(n: int, community: str = "张湾社区") -> list:
    """A unit's row as typed by hand: text everywhere, full-width digits here and there."""
    return [
        community,
        f"张湾第{n}中学",
        "事业单位（学校、医院等）",
        "王校长",
        "１３８００００" + "０１２３４５６７８９"[n] * 4,  # full-width digits
        f"张湾路{n}号",
        "",
        "",
        "２０２４－０３－０１",  # a date typed in full width
        "",
        "０１２",  # 012
        f"张湾第{n}中学党支部",
        "党支部",
        "１２",
        "李书记",
        "",
        "",
    ]


def test_a_clerks_workbook_imports_as_meant(streets, run_job):
    staff = street_staff(streets.zhangwan)
    rows = [clerk_unit(1), clerk_unit(2, community="　李家社区 ")]  # full-width spaces around
    rows[0][1] = " 张湾第1中学　"  # stray spaces around the name
    rows[1][13] = "8"  # a number stored as text
    headers = [f"{h} *" if h in ("所在社区", "单位名称") else h for h in HEADERS]
    headers[3] = "负 责 人"  # spaces typed inside a column name
    job = run_job(staff, "units", clerk_workbook(headers, rows), confirm=True)
    assert job.status == "done", job.report["errors"]
    assert job.total_rows == 2  # the title, the note and the blank rows are not rows
    first = Unit.objects.get(name="张湾第1中学")
    assert first.community == streets.zhangwan_c01
    assert (first.phone, first.joined_on, first.rota_order) == (
        "13800001111",
        datetime.date(2024, 3, 1),
        12,
    )
    assert first.leader_name == "王校长"
    second = Unit.objects.get(name="张湾第2中学")
    assert second.community == streets.lijia
    assert PartyOrganization.objects.get(unit=first).member_count == 12
    assert PartyOrganization.objects.get(unit=second).member_count == 8


def test_errors_are_reported_at_the_sheets_own_lines(streets, run_job):
    rows = [clerk_unit(1), clerk_unit(2), clerk_unit(3)]
    rows[1][4] = "12345"  # not a phone
    job = run_job(street_staff(streets.zhangwan), "units", clerk_workbook(HEADERS, rows))
    assert job.status == "invalid"
    first_row = header_line() + 1
    assert [(e["line"], e["column"], e["letter"]) for e in job.report["errors"]] == [
        (first_row + 1, "联系电话", "E")
    ]
    assert job.report["header_line"] == header_line()


def test_a_csv_with_a_title_line_and_full_width_digits_imports(streets, run_job):
    headers = VolunteerResource.headers()
    text = "\r\n".join(
        [
            "张湾社区志愿者名册,,,,,,,",
            ",".join(headers),
            "张湾社区,张三,１３９１２３４５６７８,理发,周末,是,,在册",
            ",,,,,,,",
            "",
        ]
    )
    upload = SimpleUploadedFile("名册.csv", text.encode("gb18030"))
    job = run_job(street_staff(streets.zhangwan), "volunteers", upload, confirm=True)
    assert job.status == "done", job.report["errors"]
    person = Volunteer.objects.get()
    assert (person.phone, person.community, person.status) == (
        "13912345678",
        streets.zhangwan_c01,
        "active",
    )


def test_the_templates_example_row_left_in_place_is_left_out(
    client, streets, run_job, django_capture_on_commit_callbacks, eager_celery
):
    staff = street_staff(streets.zhangwan)
    client.force_login(staff)
    template = client.get(reverse("admin:exchange_importjob_template", args=["units", "xlsx"]))
    book = openpyxl.load_workbook(io.BytesIO(template.content))
    sheet = book.worksheets[0]
    row = clerk_unit(1)
    for column, value in enumerate(row, 1):
        sheet.cell(row=3, column=column, value=value)  # below the example, as the note says
    out = io.BytesIO()
    book.save(out)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:exchange_importjob_upload"),
            {"kind": "units", "file": SimpleUploadedFile("units.xlsx", out.getvalue())},
        )
    job = ImportJob.objects.get()
    assert job.status == "checked", job.report["errors"]
    assert job.report["example_lines"] == [2]
    assert job.total_rows == 1
    page = client.get(response["Location"]).content.decode()
    assert "模板的示例行（第 2 行）已忽略" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("admin:exchange_importjob_confirm", args=[job.pk]))
    assert list(Unit.objects.values_list("name", flat=True)) == ["张湾第1中学"]


def test_a_file_holding_only_the_example_row_says_so(client, streets, run_job):
    staff = street_staff(streets.zhangwan)
    client.force_login(staff)
    template = client.get(reverse("admin:exchange_importjob_template", args=["units", "xlsx"]))
    job = run_job(staff, "units", SimpleUploadedFile("units.xlsx", template.content))
    assert job.status == "invalid"
    assert [e["message"] for e in job.report["errors"]] == [
        "文件中只有模板的示例行：请在示例行下面填写数据。"
    ]
