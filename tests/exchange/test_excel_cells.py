"""Cells are read as Excel stores them: a phone or a count typed as a number, a date typed as a
date, an empty cell as nothing, whatever library reads the file."""

from __future__ import annotations

import datetime

import pytest
import tablib

from exchange.services import read_dataset
from organizations.models import PartyOrganization, Unit
from organizations.resources import UnitResource
from tests.exchange.conftest import sheet
from tests.exchange.test_unit_import import unit_rows
from tests.factories import street_staff

pytestmark = pytest.mark.django_db

HEADERS = UnitResource.headers()


def test_numbers_dates_and_empty_cells_read_as_excel_holds_them():
    body = tablib.Dataset(
        ["A", 13912345678, 3.5, 12.0, datetime.date(2024, 3, 1), None, True],
        headers=["名", "电话", "小数", "整数", "日期", "空", "是否"],
    ).export("xlsx")
    dataset = read_dataset(body, "units.xlsx")
    assert dataset.headers == ["名", "电话", "小数", "整数", "日期", "空", "是否"]
    row = dataset[0]
    assert row[:4] == ("A", 13912345678, 3.5, 12)
    assert isinstance(row[1], int) and isinstance(row[3], int)
    assert row[4] in (datetime.date(2024, 3, 1), datetime.datetime(2024, 3, 1))
    assert row[5] is None
    assert row[6] is True


def test_a_phone_and_counts_typed_as_numbers_import_as_written(small_street, run_job):
    rows = unit_rows(small_street.communities, 2)
    rows[0][4] = 13912345678  # 联系电话, a number cell
    rows[0][13] = 12.0  # 党员人数
    rows[0][8] = datetime.date(2024, 5, 6)  # 加入联盟日期, a date cell
    job = run_job(street_staff(small_street.street), "units", sheet(HEADERS, rows), confirm=True)
    assert job.status == "done", job.report
    unit = Unit.objects.get(name=rows[0][1])
    assert (unit.phone, unit.joined_on) == ("13912345678", datetime.date(2024, 5, 6))
    assert PartyOrganization.objects.get(unit=unit).member_count == 12


def test_a_file_that_is_not_a_workbook_is_refused_in_plain_words():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        read_dataset(b"PK\x03\x04 not really a workbook", "units.xlsx")
    assert refused.value.messages == ["无法读取这个文件。请在 Excel 中另存为 .xlsx 后重试。"]
