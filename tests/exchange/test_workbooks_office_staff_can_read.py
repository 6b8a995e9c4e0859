"""Every workbook we write, read back with openpyxl: columns as wide as their content (a Chinese
character counts double), a bold header frozen at A2, Chinese sheet names and headers on a
Chinese page, dates in date cells, a drop-down on each choice column, an instructions sheet,
and an example row in each template."""

from __future__ import annotations

import datetime
import io
import re

import openpyxl
import pytest
from django.urls import reverse
from django.utils import translation

from exchange.registry import KINDS
from exchange.text import display_width
from exchange.workbook import ColumnSpec, workbook_bytes
from organizations.models import Unit, UnitKind
from organizations.resources import UnitResource
from tests.exchange.test_export_round_trip import export
from tests.factories import street_staff
from tests.factories.alliance import UnitFactory
from tests.factories.volunteers import activity
from volunteers.models import Activity, ActivityKind

pytestmark = pytest.mark.django_db

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def book(content: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(content))


def header(sheet) -> list:
    return [cell.value for cell in sheet[1] if cell.value is not None]


def column_of(sheet, name: str) -> str:
    return next(cell.column_letter for cell in sheet[1] if cell.value == name)


def validations(sheet) -> dict[str, str]:
    """Each drop-down's range and its list, by the range's column."""
    found = {}
    for rule in sheet.data_validations.dataValidation:
        assert rule.type == "list"
        found[str(rule.sqref)] = rule.formula1
    return found


def plain(value):
    """A cell as the template meant it: a date cell reads back as a datetime at midnight."""
    if isinstance(value, datetime.datetime):
        return value.date()
    return None if value == "" else value


def inline_list(formula: str) -> list[str]:
    assert formula.startswith('"') and formula.endswith('"'), formula
    return formula[1:-1].split(",")


def assert_header_bold_and_frozen(sheet) -> None:
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.b for cell in sheet[1] if cell.value is not None)


def assert_widths_fit(sheet) -> None:
    """Every column is at least as wide as its widest cell, a Chinese character counting
    two (dates show as yyyy-mm-dd)."""
    for column in sheet.iter_cols():
        letter = column[0].column_letter
        width = sheet.column_dimensions[letter].width
        for cell in column:
            if isinstance(cell.value, datetime.date):
                assert width >= 10
            elif cell.value is not None and not str(cell.value).startswith("←"):
                assert width >= min(display_width(cell.value), 60), (letter, cell.value)


def test_a_chinese_character_counts_double():
    assert display_width("张湾社区") == 8
    assert display_width("c01") == 3
    assert display_width("２０２４") == 8  # full-width digits are wide too
    assert display_width("第一行\n长一些的第二行") == 14


@pytest.fixture
def zh():
    with translation.override("zh-hans"):
        yield


def test_the_unit_template_reads_as_a_clerk_needs_it(client, small_street, zh):
    client.force_login(street_staff(small_street.street))
    response = client.get(
        reverse("admin:exchange_importjob_template", args=["units", "xlsx"]), **ZH
    )
    assert response.status_code == 200
    workbook = book(response.content)
    assert workbook.sheetnames == [str(KINDS["units"].label), "说明"]
    assert workbook.sheetnames[0] == "成员单位及其党组织"
    sheet = workbook.worksheets[0]
    assert header(sheet) == UnitResource.headers()
    assert_header_bold_and_frozen(sheet)
    assert_widths_fit(sheet)
    # Wide enough for the Chinese example, counted double: not merely its character count.
    name = column_of(sheet, "单位名称")
    assert sheet.column_dimensions[name].width >= display_width(sheet[f"{name}2"].value)
    assert sheet.column_dimensions[name].width > len(sheet[f"{name}2"].value) + 2

    # The example row: greyed, marked, and a date cell in a date column.
    example = [cell.value for cell in sheet[2]]
    assert example[-1].startswith("← 示例行")
    assert all(cell.font.i for cell in sheet[2] if cell.value is not None)
    joined = column_of(sheet, "加入联盟日期")
    assert sheet[f"{joined}2"].is_date and sheet[f"{joined}2"].number_format == "yyyy-mm-dd"
    assert sheet.column_dimensions[joined].number_format == "yyyy-mm-dd"
    assert sheet.max_row == 2  # header and example: nothing else to delete

    # Drop-downs on the choice columns, listing the Chinese labels, down to Excel's last row.
    kind = column_of(sheet, "单位类型")
    org_kind = column_of(sheet, "党组织类型")
    rules = validations(sheet)
    assert inline_list(rules[f"{kind}2:{kind}1048576"]) == [str(label) for label in UnitKind.labels]
    assert "事业单位（学校、医院等）" in inline_list(rules[f"{kind}2:{kind}1048576"])
    assert "党支部" in inline_list(rules[f"{org_kind}2:{org_kind}1048576"])
    assert len(rules) == 2


def test_the_instructions_say_what_each_column_holds_and_which_are_required(
    client, small_street, zh
):
    client.force_login(street_staff(small_street.street))
    response = client.get(
        reverse("admin:exchange_importjob_template", args=["units", "xlsx"]), **ZH
    )
    sheet = book(response.content)["说明"]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    start = next(i for i, row in enumerate(rows) if row[0] == "列")
    assert rows[start] == ["列", "含义", "必填", "填写要求"]
    table = {row[0]: row[1:] for row in rows[start + 1 :]}
    assert list(table) == UnitResource.headers()
    assert table["单位名称"][1] == "是" and table["负责人"][1] == "否"
    assert table["所在社区"][1] == "是" and "张湾社区" in table["所在社区"][2]
    assert table["单位类型"][2].startswith("机关单位、事业单位（学校、医院等）")
    assert "2024-03-01" in table["加入联盟日期"][2]
    assert "示例" in " ".join(str(row[0]) for row in rows[:start])
    text = " ".join(str(value) for row in rows for value in row if value)
    assert not re.search(r"[A-Za-z]{4,}", text.replace("zhangwan", "")), text


@pytest.mark.parametrize("slug", list(KINDS))
def test_every_template_has_an_example_row_and_instructions(client, small_street, slug, zh):
    client.force_login(street_staff(small_street.street))
    response = client.get(reverse("admin:exchange_importjob_template", args=[slug, "xlsx"]), **ZH)
    workbook = book(response.content)
    assert workbook.sheetnames[1] == "说明" and "Tablib" not in workbook.sheetnames[0]
    sheet = workbook.worksheets[0]
    resource = KINDS[slug].resource_class
    assert header(sheet) == resource.headers()
    assert_header_bold_and_frozen(sheet)
    written = [plain(c.value) for c in sheet[2]][: len(resource.headers())]
    assert written == [plain(v) for v in resource.example_row()]
    assert any("示例" in str(value) for value in resource.example_row())


def test_the_csv_template_holds_the_example_row_too(client, small_street):
    client.force_login(street_staff(small_street.street))
    response = client.get(reverse("admin:exchange_importjob_template", args=["units", "csv"]))
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == ",".join(UnitResource.headers())
    assert lines[1].startswith("张湾社区,示例：")


@pytest.fixture
def units(small_street):
    for n, community in enumerate(small_street.communities):
        UnitFactory(
            community=community,
            name=f"黛溪街道第{n}人民医院住院部",
            kind=UnitKind.INSTITUTION,
            joined_on=datetime.date(2022, 5, n + 1),
        )
    return small_street


def test_an_admin_export_in_chinese_has_dates_drop_downs_and_fitting_columns(client, units, zh):
    client.force_login(street_staff(units.street))
    response = export(client, Unit)
    workbook = book(response.content)
    assert workbook.sheetnames == ["成员单位", "说明"]
    sheet = workbook.worksheets[0]
    assert header(sheet) == UnitResource.all_headers()
    assert_header_bold_and_frozen(sheet)
    assert_widths_fit(sheet)
    joined = column_of(sheet, "加入联盟日期")
    cells = [sheet[f"{joined}{n}"] for n in range(2, sheet.max_row + 1)]
    assert [c.value.date() for c in cells] == [
        datetime.date(2022, 5, 1),
        datetime.date(2022, 5, 2),
    ]
    assert all(c.is_date and c.number_format == "yyyy-mm-dd" for c in cells)
    kind = column_of(sheet, "单位类型")
    assert f"{kind}2:{kind}1048576" in validations(sheet)
    assert {sheet[f"{kind}{n}"].value for n in (2, 3)} == {"事业单位（学校、医院等）"}


def test_an_export_without_an_import_is_wholly_in_chinese(client, small_street, zh):
    community = small_street.communities[0]
    activity(community, title="义诊活动")
    client.force_login(street_staff(small_street.street))
    response = export(client, Activity)
    assert response.status_code == 200
    workbook = book(response.content)
    assert workbook.sheetnames[0] == str(Activity._meta.verbose_name_plural)
    assert not any("Tablib" in name or re.search("[A-Za-z]", name) for name in workbook.sheetnames)
    sheet = workbook.worksheets[0]
    headers = header(sheet)
    assert headers and not [h for h in headers if re.search("[A-Za-z]", h)], headers
    assert_header_bold_and_frozen(sheet)
    row = {h: sheet.cell(row=2, column=i + 1) for i, h in enumerate(headers)}
    # The community is named, not numbered; times are date cells; choices are labels.
    assert community.name in [c.value for c in row.values()]
    starts = next(
        c for h, c in row.items() if h == str(Activity._meta.get_field("starts_at").verbose_name)
    )
    assert starts.is_date and starts.number_format == "yyyy-mm-dd hh:mm"
    kind_field = Activity._meta.get_field("kind")
    kind = row[str(kind_field.verbose_name)]
    assert kind.value == str(ActivityKind.HEALTH.label)
    letter = kind.column_letter
    assert inline_list(validations(sheet)[f"{letter}2:{letter}1048576"]) == [
        str(label) for label in ActivityKind.labels
    ]
    assert "qr_secret" not in headers and activity_row_secret_absent(sheet)


def activity_row_secret_absent(sheet) -> bool:
    secret = Activity.objects.get().qr_secret
    return secret not in [c.value for row in sheet.iter_rows() for c in row]


def test_a_long_list_of_choices_is_kept_on_a_hidden_sheet(zh):
    labels = tuple(f"第{n}类，含逗号的很长的选项名称" for n in range(30))
    body = workbook_bytes(
        title="测试",
        specs=[ColumnSpec("类型", choices=labels), ColumnSpec("名称")],
        rows=[["", ""]],
    )
    workbook = book(body)
    assert workbook.sheetnames == ["测试", "说明", "选项"]
    assert workbook["选项"].sheet_state == "hidden"
    (formula,) = validations(workbook["测试"]).values()
    assert formula == "'选项'!$A$2:$A$31"
    assert [workbook["选项"][f"A{n}"].value for n in range(2, 32)] == list(labels)


def test_sheet_names_follow_the_language_of_the_page(client, small_street):
    client.force_login(street_staff(small_street.street))
    url = reverse("admin:exchange_importjob_template", args=["units", "xlsx"])
    client.cookies["django_language"] = "en"
    english = book(client.get(url).content).sheetnames
    client.cookies["django_language"] = "zh-hans"
    chinese = book(client.get(url).content).sheetnames
    assert english[1] == "Instructions" and chinese[1] == "说明"
