"""The inspection ledger (台账): one document of everything a street or a community did in a
month or a year, each section a table as the inspections ask for it, from each domain's
`ledger_sections`. Rendered as a PDF (WeasyPrint: the street's header and page numbers on
every page) or as a workbook with a sheet per section (every cell formula-safe)."""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass

from celery import current_app
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from accounts.models import User
from alliance.selectors import ledger_sections as alliance_sections
from common.cells import safe_row
from common.ledger import Section
from grids.models import Node, NodeKind
from notifications.services import notify
from pledges.selectors import ledger_sections as pledge_sections
from summons.selectors import ledger_sections as summons_sections
from volunteers.selectors import ledger_sections as volunteer_sections

from .models import LedgerRequest, LedgerStatus

FORMATS = ("pdf", "xlsx")


class NoticeKind:
    """What a notification about a ledger is about (its `kind`; never shown)."""

    READY = "ledger_ready"


@dataclass
class Ledger:
    node: Node
    street: Node
    first: datetime.date
    last: datetime.date
    period: str  # "2026-11" or "2026"
    sections: list[Section]
    made_at: datetime.datetime

    @property
    def title(self) -> str:
        return _("%(place)s ledger for %(period)s") % {
            "place": self.node.name,
            "period": self.period,
        }


def period_bounds(*, month: datetime.date | None = None, year: int | None = None):
    """Return (first day, last day, label) of a month (its first day given) or of a year."""
    if month is not None:
        following = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
        return month, following - datetime.timedelta(days=1), f"{month:%Y-%m}"
    if year is None:
        raise ValueError("a month or a year")
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31), str(year)


def ledger_build(
    node: Node, *, month: datetime.date | None = None, year: int | None = None
) -> Ledger:
    """Gather the ledger of a street or community for a month or a year."""
    if node.kind not in (NodeKind.STREET, NodeKind.COMMUNITY):
        raise ValueError("a ledger is kept by a street or a community")
    first, last, label = period_bounds(month=month, year=year)
    sections = [
        *alliance_sections(node, first, last),
        *pledge_sections(node, first, last),
        *summons_sections(node, first, last),
        *volunteer_sections(node, first, last),
    ]
    street = node.street_node() or node
    return Ledger(node, street, first, last, label, sections, timezone.now())


def ledger_pdf(ledger: Ledger) -> bytes:
    """Return the ledger as a PDF."""
    from weasyprint import HTML  # imported when asked for: it loads Pango

    html = render_to_string("dashboard/ledger.html", {"ledger": ledger})
    return HTML(string=html).write_pdf()


def ledger_xlsx(ledger: Ledger) -> bytes:
    """Return the ledger as a workbook: a cover sheet, then a sheet per section."""
    book = Workbook()
    cover = book.active
    cover.title = _("Cover")
    cover.append(safe_row([ledger.street.name]))
    cover.append(safe_row([ledger.title]))
    cover.append(safe_row([_("Made at"), f"{timezone.localtime(ledger.made_at):%Y-%m-%d %H:%M}"]))
    cover.append([])
    for section in ledger.sections:
        cover.append(safe_row([section.title, section.summary]))
    cover["A1"].font = Font(bold=True, size=14)
    cover.column_dimensions["A"].width = 40
    cover.column_dimensions["B"].width = 60
    for section in ledger.sections:
        sheet = book.create_sheet(section.key)
        sheet.append(safe_row([section.title]))
        sheet.append(safe_row([section.summary]))
        sheet.append(safe_row(section.headers))
        for cell in sheet[3]:
            cell.font = Font(bold=True)
        for row in section.rows:
            sheet.append(safe_row(row))
        sheet["A1"].font = Font(bold=True, size=13)
        for index in range(1, len(section.headers) + 1):
            letter = sheet.cell(row=3, column=index).column_letter
            sheet.column_dimensions[letter].width = 24
        for row in sheet.iter_rows(min_row=4):
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def ledger_render(ledger: Ledger, fmt: str) -> bytes:
    """Return the ledger in `fmt`, one of FORMATS."""
    if fmt == "pdf":
        return ledger_pdf(ledger)
    if fmt == "xlsx":
        return ledger_xlsx(ledger)
    raise ValueError(fmt)


def ledger_filename(ledger: Ledger, fmt: str) -> str:
    return f"ledger-{ledger.node.code or ledger.node.pk}-{ledger.period}.{fmt}"


def ledger_request(
    *,
    node: Node,
    fmt: str,
    by: User,
    month: datetime.date | None = None,
    year: int | None = None,
) -> LedgerRequest:
    """Ask for a ledger to be made by a worker; the requester is told when it is ready."""
    if fmt not in FORMATS:
        raise ValueError(fmt)
    request = LedgerRequest.objects.create(
        node=node, month=month, year=year, fmt=fmt, requested_by=by
    )
    # By name: the task module imports this one.
    transaction.on_commit(
        lambda: current_app.tasks["dashboard.tasks.make_ledger"].delay(request.pk)
    )
    return request


def ledger_request_run(request_id: int) -> str:
    """Make the requested ledger and keep it (private, for the requester); tell them. A
    request already made is left alone."""
    request = LedgerRequest.objects.select_related("node", "requested_by").get(pk=request_id)
    if request.status != LedgerStatus.QUEUED:
        return request.status
    ledger = ledger_build(request.node, month=request.month, year=request.year)
    body = ledger_render(ledger, request.fmt)
    request.file.save(ledger_filename(ledger, request.fmt), ContentFile(body), save=False)
    request.status, request.done_at = LedgerStatus.DONE, timezone.now()
    request.save(update_fields=["file", "status", "done_at"])
    notify(
        recipients=[request.requested_by],
        subject=_("The ledger is ready: %(title)s") % {"title": ledger.title},
        body=_("%(title)s (%(fmt)s) is ready to download.")
        % {"title": ledger.title, "fmt": request.fmt.upper()},
        url=reverse("dashboard:ledger-file", args=[request.pk]),
        kind=NoticeKind.READY,
    )
    return request.status
