"""An import takes files of a bounded size, unpacked size, rows and columns, and only the
worker reads the rows: a small workbook that unpacks to a million rows is refused in seconds,
before any reader builds its sheet."""

from __future__ import annotations

import io
import struct
import time
import zipfile

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from exchange import services
from exchange.models import ImportJob
from organizations.resources import UnitResource
from tests.exchange.conftest import sheet
from tests.exchange.test_unit_import import unit_rows
from tests.factories import street_staff

pytestmark = pytest.mark.django_db

HEADERS = UnitResource.headers()
SHEET = "xl/worksheets/sheet1.xml"


@pytest.fixture
def no_reader(monkeypatch):
    """Fail the test if the spreadsheet reader (python-calamine) is ever asked to build a sheet."""

    def refuse(*args, **kwargs):
        raise AssertionError("the workbook was parsed")

    monkeypatch.setattr(services, "_xlsx_rows", refuse)
    monkeypatch.setattr(services, "CalamineWorkbook", None)


def small_workbook(**cells) -> bytes:
    """A real workbook with the template's header line and `cells` ({"A900000": "x"})."""
    book = openpyxl.Workbook()
    sheet_ = book.active
    sheet_.append(HEADERS)
    for ref, value in cells.items():
        sheet_[ref] = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def million_row_bomb() -> bytes:
    """The template's workbook with its sheet replaced, through zipfile, by a million rows
    that pack to a few hundred kilobytes."""
    source = zipfile.ZipFile(io.BytesIO(small_workbook()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb:
        for info in source.infolist():
            if info.filename != SHEET:
                bomb.writestr(info, source.read(info.filename))
                continue
            with bomb.open(SHEET, "w", force_zip64=True) as member:
                member.write(
                    b'<?xml version="1.0" encoding="UTF-8"?>'
                    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                    b"<sheetData>"
                )
                # Rows and cells may leave out their r="A1" references; then every row is
                # the same bytes and packs a thousand to one.
                rows = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>' * 10_000
                for _ in range(100):
                    member.write(rows)
                member.write(b"</sheetData></worksheet>")
    return out.getvalue()


def lying_bomb(declared: int) -> bytes:
    """The template's header and a million rows, in a sheet whose zip headers (local and
    central) say it unpacks to only `declared` bytes."""
    header = "".join(f'<c t="inlineStr"><is><t>{name}</t></is></c>' for name in HEADERS).encode()
    xml = (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b"<sheetData><row>"
        + header
        + b"</row>"
        + b'<row><c t="inlineStr"><is><t>x</t></is></c></row>' * 1_000_000
        + b"</sheetData></worksheet>"
    )
    source = zipfile.ZipFile(io.BytesIO(small_workbook()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as book:
        for info in source.infolist():
            body = xml if info.filename == SHEET else source.read(info.filename)
            book.writestr(info.filename, body)
    data = bytearray(out.getvalue())
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo(SHEET)
    struct.pack_into("<I", data, info.header_offset + 22, declared)  # local header
    at = data.find(b"PK\x01\x02")
    while at != -1:  # the central directory's record of the sheet
        length = struct.unpack_from("<H", data, at + 28)[0]
        if bytes(data[at + 46 : at + 46 + length]) == SHEET.encode():
            struct.pack_into("<I", data, at + 24, declared)
        at = data.find(b"PK\x01\x02", at + 4)
    return bytes(data)


@pytest.fixture
def staff(small_street):
    return street_staff(small_street.street)


def upload_page(client, user, body: bytes, name: str = "units.xlsx") -> str:
    client.force_login(user)
    response = client.post(
        reverse("admin:exchange_importjob_upload"),
        {"kind": "units", "file": SimpleUploadedFile(name, body)},
    )
    assert response.status_code == 200
    return response.content.decode()


def test_a_million_row_bomb_is_refused_at_upload_without_being_parsed(client, staff, no_reader):
    body = million_row_bomb()
    assert len(body) < 200 * 1024  # small on the wire
    started = time.monotonic()
    page = upload_page(client, staff, body)
    assert time.monotonic() - started < 5
    assert "解压后超出导入的上限" in page
    assert not ImportJob.objects.exists()
    with pytest.raises(ValidationError, match="解压后超出导入的上限"):  # and so would the worker
        services.read_dataset(body, "units.xlsx")


def test_a_tiny_workbook_naming_row_900000_is_refused_by_the_worker_before_reading(
    staff, run_job, no_reader
):
    body = small_workbook(A900000="x")
    assert len(body) < 10_000
    started = time.monotonic()
    job = run_job(staff, "units", SimpleUploadedFile("units.xlsx", body))
    assert time.monotonic() - started < 5
    assert job.status == "invalid"
    assert [e["message"] for e in job.report["errors"]] == [
        "文件超过 20000 行，一次最多导入 20000 行。"
    ]


def test_too_many_rows_are_refused_by_count(small_street, staff, run_job, settings):
    settings.IMPORT_MAX_ROWS = 30
    job = run_job(staff, "units", sheet(HEADERS, unit_rows(small_street.communities, 31)))
    assert job.status == "invalid"
    assert "文件超过 30 行" in job.report["errors"][0]["message"]
    csv_job = run_job(
        staff, "units", sheet(HEADERS, unit_rows(small_street.communities, 31), fmt="csv")
    )
    assert "文件超过 30 行" in csv_job.report["errors"][0]["message"]


def test_a_column_beyond_the_limit_is_refused_at_upload(client, staff):
    page = upload_page(client, staff, small_workbook(ZZ1="多余"))
    assert "文件超过 60 列" in page
    assert not ImportJob.objects.exists()


def test_a_file_over_the_size_cap_is_refused_at_upload(client, staff, settings):
    settings.IMPORT_MAX_BYTES = 1024 * 1024
    page = upload_page(client, staff, b"a" * (1024 * 1024 + 1), name="units.csv")
    assert "文件过大：这里最多 1.0\xa0MB" in page
    assert not ImportJob.objects.exists()


def test_the_web_process_only_stores_the_file_and_the_worker_reads_it(
    small_street, staff, eager_celery, django_capture_on_commit_callbacks, monkeypatch
):
    reads = []
    real = services._xlsx_rows
    monkeypatch.setattr(services, "_xlsx_rows", lambda data: reads.append(1) or real(data))
    upload = sheet(HEADERS, unit_rows(small_street.communities, 5))
    with django_capture_on_commit_callbacks(execute=False) as queued:
        job = services.job_create(user=staff, kind_slug="units", upload=upload, language="zh-hans")
    assert reads == [] and job.status == "checking" and job.file
    for callback in queued:  # the task, as the worker runs it
        callback()
    job.refresh_from_db()
    assert reads == [1]
    assert job.status == "checked" and job.total_rows == 5


def test_a_workbook_lying_about_its_unpacked_size_is_refused_before_reading(
    staff, run_job, no_reader
):
    body = lying_bomb(declared=100_000)
    assert len(body) < 500 * 1024
    started = time.monotonic()
    job = run_job(staff, "units", SimpleUploadedFile("units.xlsx", body))
    assert time.monotonic() - started < 5
    assert job.status == "invalid"
    assert [e["message"] for e in job.report["errors"]] == [
        "无法读取这个文件。请在 Excel 中另存为 .xlsx 后重试。"
    ]


def test_a_long_csv_in_chinese_is_accepted_at_upload_by_its_first_line(
    small_street, staff, run_job
):
    rows = unit_rows(small_street.communities, 800)  # well over the 64 KB the peek reads
    upload = sheet(HEADERS, rows, fmt="csv")
    assert upload.size > 64 * 1024
    job = run_job(staff, "units", upload)
    assert job.status == "checked", job.report.get("errors", [])[:3]
