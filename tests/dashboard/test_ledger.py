"""The inspection ledger (台账): the command writes a PDF and a workbook of a community's
month with every section; the PDF's text and the workbook read back give each section's title
and the figures counted from the records; the PDF sets its text in a CJK font; cells cannot run
as formulas; the back office's ledger page offers only the places in scope."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from alliance.models import Attendance, Meeting, MeetingStatus
from dashboard import views as dashboard_views
from dashboard.ledger import ledger_build, ledger_xlsx
from dashboard.models import LedgerRequest
from demo.loader import street_load
from grids.models import Node
from notifications.models import Notification
from organizations.models import Unit
from pledges.models import Contribution
from tests.factories import secretary, street_staff
from volunteers.models import DualReport

pytestmark = pytest.mark.django_db

STREET = "jinshanqiao"
SECTIONS = [
    "会议及纪要",
    "签到表",
    "议题及其来源",
    "决议",
    "督办事项及办结佐证",
    "承诺事项及群众测评",
    "共建项目",
    "投入明细",
    "吹哨报到",
    "志愿服务活动",
    "志愿者积分",
    "双报到登记册",
]


@pytest.fixture
def loaded():
    """The demo street at scale 1: every section has rows."""
    street_load(slug=STREET, scale=1, password="demo-pass-123")
    street = Node.objects.streets().get(code=STREET)
    community = Node.objects.communities().under(street).order_by("lft").first()
    meeting = (
        Meeting.objects.filter(committee__node=community, status=MeetingStatus.HELD)
        .order_by("-starts_at")
        .first()
    )
    return {"street": street, "community": community, "meeting": meeting}


def _month_of(meeting: Meeting) -> datetime.date:
    return timezone.localtime(meeting.starts_at).date().replace(day=1)


def _pdf_text(path) -> str:
    reader = PdfReader(str(path))
    return "\n".join(page.extract_text() for page in reader.pages)


def _fonts(path) -> set[str]:
    found = set()
    for page in PdfReader(str(path)).pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for ref in fonts.values():
            found.add(str(ref.get_object().get("/BaseFont")))
    return found


def test_the_command_writes_every_section_with_its_figures(loaded, tmp_path):
    community, meeting = loaded["community"], loaded["meeting"]
    month = _month_of(meeting)
    pdf, xlsx = tmp_path / "ledger.pdf", tmp_path / "ledger.xlsx"
    for fmt, path in (("pdf", pdf), ("xlsx", xlsx)):
        call_command(
            "ledger",
            f"--community={community.code_path}",
            f"--month={month:%Y-%m}",
            f"--format={fmt}",
            f"--output={path}",
        )
    text = _pdf_text(pdf)
    for title in SECTIONS:
        assert title in text, title
    assert f"{community.name} {month:%Y-%m} 工作台账" in text
    assert loaded["street"].name in text  # the street's header on the pages
    assert "1 / " in text  # page numbers
    assert any("CJK" in name for name in _fonts(pdf)), _fonts(pdf)

    first = month
    last = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    last -= datetime.timedelta(days=1)
    meetings = Meeting.objects.filter(
        committee__node__in=Node.objects.under(community), starts_at__date__range=(first, last)
    )
    attendance = Attendance.objects.filter(meeting__in=meetings)
    assert f"会议 {meetings.count()} 场" in text
    assert f"应到 {attendance.count()} 家单位" in text
    assert meeting.title in text

    book = load_workbook(xlsx)
    assert book.sheetnames[0] == "封面"
    ledger = ledger_build(community, month=month)
    for section in ledger.sections:
        sheet = book[section.key]
        assert sheet["A1"].value == section.title
        assert [c.value for c in sheet[3]] == section.headers
        assert sheet.max_row == 3 + len(section.rows)
    assert book["attendance"].max_row == 3 + attendance.count()
    reports = DualReport.objects.filter(
        community__in=Node.objects.under(community), year=month.year
    ).count()
    assert book["dual_reports"].max_row == 3 + reports
    contributions = Contribution.objects.filter(
        project__node__in=Node.objects.under(community), contributed_on__range=(first, last)
    ).count()
    assert book["contributions"].max_row == 3 + contributions


def test_a_year_and_a_street_are_ledgers_too_and_bad_periods_are_refused(loaded, tmp_path):
    out = tmp_path / "street.xlsx"
    call_command("ledger", f"--street={STREET}", "--year=2026", "--format=xlsx", f"--output={out}")
    book = load_workbook(out)
    assert book.sheetnames[1:] == [
        s.key for s in ledger_build(loaded["street"], year=2026).sections
    ]
    with pytest.raises(CommandError):
        call_command("ledger", f"--street={STREET}", "--month=2026-13", f"--output={out}")
    with pytest.raises(CommandError):
        call_command("ledger", "--street=nowhere", "--year=2026", f"--output={out}")


def test_no_cell_of_the_workbook_runs_as_a_formula(loaded):
    meeting = loaded["meeting"]
    unit = Attendance.objects.filter(meeting=meeting).first().unit
    Unit.objects.filter(pk=unit.pk).update(name='=HYPERLINK("http://evil.example/","x")')
    book = load_workbook(
        io.BytesIO(ledger_xlsx(ledger_build(loaded["community"], month=_month_of(meeting))))
    )
    names = [row[1].value for row in book["attendance"].iter_rows(min_row=4)]
    assert '\'=HYPERLINK("http://evil.example/","x")' in names
    assert not any(str(v).startswith("=") for v in names)


def test_the_back_office_ledger_offers_only_the_places_in_scope(client, loaded):
    community = loaded["community"]
    other = Node.objects.communities().under(loaded["street"]).exclude(pk=community.pk).first()
    client.force_login(secretary(community))
    page = client.get(reverse("admin:ledger")).content.decode()
    assert community.name in page and other.name not in page
    month = f"{_month_of(loaded['meeting']):%Y-%m}"
    refused = client.post(reverse("admin:ledger"), {"node": other.pk, "month": month})
    assert refused.status_code == 400
    both = client.post(
        reverse("admin:ledger"), {"node": community.pk, "month": month, "year": 2026}
    )
    assert both.status_code == 400
    got = client.post(
        reverse("admin:ledger"), {"node": community.pk, "month": month, "format": "xlsx"}
    )
    assert got.status_code == 200
    assert got["Content-Disposition"].startswith("attachment")
    assert load_workbook(io.BytesIO(b"".join(got.streaming_content))).sheetnames[0] == "封面"


def test_a_long_pdf_is_made_by_a_worker_and_its_requester_is_told(
    client, loaded, monkeypatch, eager_celery, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(dashboard_views, "PDF_ROWS_WHILE_YOU_WAIT", 10)
    staff = street_staff(loaded["street"])
    client.force_login(staff)
    month = f"{_month_of(loaded['meeting']):%Y-%m}"
    community = loaded["community"]
    with django_capture_on_commit_callbacks(execute=True):
        queued = client.post(
            reverse("admin:ledger"), {"node": community.pk, "month": month, "format": "pdf"}
        )
    assert queued.status_code == 302
    made = LedgerRequest.objects.get()
    assert made.is_ready and made.requested_by == staff
    told = Notification.objects.get(recipient=staff, kind="ledger_ready")
    assert told.url == reverse("dashboard:ledger-file", args=[made.pk])
    page = client.get(reverse("admin:ledger")).content.decode()
    assert told.url in page
    got = client.get(told.url)
    assert got["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(b"".join(got.streaming_content))).pages[0].extract_text()
    assert community.name in text
    client.force_login(secretary(Node.objects.communities().exclude(pk=community.pk).first()))
    assert client.get(told.url).status_code == 404  # not theirs, not their place


def test_the_index_of_the_back_office_links_to_the_ledger(client, loaded):
    client.force_login(street_staff(loaded["street"]))
    page = client.get(reverse("admin:index")).content.decode()
    assert reverse("admin:ledger") in page and "工作台账" in page


def test_outside_the_back_office_the_ledger_is_closed(client, loaded):
    response = client.get(reverse("admin:ledger"))
    assert response.status_code == 302 and reverse("admin:login") in response.url
