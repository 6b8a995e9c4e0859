"""The dashboard (charts and league tables) and the monthly report, for street staff and, for
their own community, community secretaries."""

from __future__ import annotations

import datetime
import io
from typing import Any

import tablib
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.scope import can_manage, get_or_404, place_for, scope_for
from alliance.models import Grade
from alliance.selectors import district_reports_of
from common.cells import safe_row
from common.months import add_months, key, last_finished_month, last_months
from common.params import parse_query
from common.uploads import upload_response
from grids.forms import PlaceMonthQuery
from grids.models import Node, NodeKind
from servicedesk.models import ServiceCategory

from . import district as district_figures
from . import services
from .forms import LedgerForm
from .ledger import ledger_build, ledger_filename, ledger_render, ledger_request
from .links import figure_links
from .models import LedgerRequest

# The columns of the monthly report, in order, with their headers.
REPORT_COLUMNS: list[tuple[str, Any]] = [
    ("meetings_held", lambda: _("Meetings held")),
    ("attendance_rate", lambda: _("Attendance rate")),
    ("items_opened", lambda: _("Items opened")),
    ("items_closed", lambda: _("Items closed")),
    ("items_closed_on_time", lambda: _("Closed on time")),
    ("items_overdue", lambda: _("Overdue at month end")),
    ("items_escalated", lambda: _("Escalated to the street")),
    ("pledges_due", lambda: _("Pledges due")),
    ("pledges_kept", lambda: _("Pledges kept")),
    ("satisfaction", lambda: _("Pledge satisfaction rate")),
    ("requests_received", lambda: _("Requests received")),
    ("requests_done", lambda: _("Requests done")),
    ("request_rating", lambda: _("Request rating (1-5)")),
    ("wishes_done", lambda: _("Micro-wishes done")),
    ("wish_rating", lambda: _("Micro-wish rating (1-5)")),
    ("volunteer_hours", lambda: _("Volunteer hours")),
    ("dual_reports", lambda: _("Dual reports this year")),
    ("dual_reports_confirmed", lambda: _("Dual reports confirmed")),
    ("grades_text", lambda: _("Unit grades")),
]


def _node(request: HttpRequest) -> Node:
    return place_for(request.user, parse_query(PlaceMonthQuery, request)["node"])


def _month(request: HttpRequest) -> datetime.date:
    """?month=YYYY-MM, else last month (the last one that is over)."""
    return parse_query(PlaceMonthQuery, request)["month"] or last_finished_month()


def _grades_text(grades: dict[str, int]) -> str:
    return "，".join(f"{Grade(g).label} {n}" for g, n in grades.items() if g in Grade.values)


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    node = _node(request)
    months = last_months(12)
    rows = services.monthly_figures(node, months)
    for row, month in zip(rows, months, strict=True):
        row["links"] = figure_links(node, month)
    month = _month(request)
    communities = Node.objects.communities().filter(
        tree_id=node.tree_id, lft__gte=node.lft, rght__lte=node.rght
    )
    chart = {
        "labels": [row["month"] for row in rows],
        "series": {
            name: [row.get(name) for row in rows]
            for name in (
                "meetings_held",
                "attendance_rate",
                "closure_rate",
                "items_overdue",
                "fulfilment_rate",
                "satisfaction",
                "requests_received",
                "requests_done",
                "hours_to_close",
                "volunteer_hours",
            )
        },
        "categories": _category_totals(rows),
    }
    coverage = services.coverage(node)
    return render(
        request,
        "dashboard/dashboard.html",
        {
            "node": node,
            "rows": rows,
            "latest": rows[-1],
            "chart": chart,
            "month": month,
            "month_key": key(month),
            "league": services.league(node, month),
            "coverage": coverage,
            "coverage_points": coverage["points"],
            "tiles": settings.MAP_TILE_URL,
            "attribution": settings.MAP_TILE_ATTRIBUTION,
            "communities": communities.order_by("lft") if communities.count() > 1 else [],
        },
    )


@login_required
def district(request: HttpRequest) -> HttpResponse:
    """The district's comparison: its streets side by side (a street's communities, a
    community's months, one click down), and what its streets reported up, open first."""
    node, year = district_figures.place_and_year(request)
    scope = scope_for(request.user)
    ancestors = [place for place in node.get_ancestors() if scope.contains(place)]
    district_node = node.district_node()
    reports = (
        district_reports_of(district_node)[:50] if district_node and node == district_node else []
    )
    return render(
        request,
        "dashboard/district.html",
        {
            "node": node,
            "ancestors": ancestors,
            "year": year,
            "years": range(timezone.localdate().year, timezone.localdate().year - 5, -1),
            "columns": district_figures.COLUMNS,
            "reports": reports,
            "is_district": node.kind == NodeKind.DISTRICT,
            **district_figures.comparison(node, year),
        },
    )


def _category_totals(rows: list[dict[str, Any]]) -> dict[str, int]:
    totals: dict[str, int] = {}
    for row in rows:
        for category, count in row.get("requests_by_category", {}).items():
            label = (
                str(ServiceCategory(category).label)
                if category in ServiceCategory.values
                else category
            )
            totals[label] = totals.get(label, 0) + count
    return totals


@login_required
def monthly_report(request: HttpRequest) -> HttpResponse:
    node = _node(request)
    month = _month(request)
    rows = services.communities_report(node, month)
    for row in rows:
        row["grades_text"] = _grades_text(row.get("grades", {}))
    columns = [(name, label()) for name, label in REPORT_COLUMNS]
    if request.GET.get("format") == "xlsx":
        return _xlsx(node, month, rows, columns)
    return render(
        request,
        "dashboard/monthly_report.html",
        {
            "node": node,
            "month": month,
            "month_key": key(month),
            "columns": columns,
            "table": [
                # Each figure with its column's header: on a phone the row is a card of them.
                (
                    row["node"],
                    row.get("total", False),
                    [(label, row.get(name)) for name, label in columns],
                )
                for row in rows
            ],
            "previous": key(add_months(month, -1)),
            "next": key(add_months(month, 1)),
        },
    )


def _xlsx(node: Node, month: datetime.date, rows, columns) -> HttpResponse:
    sheet = tablib.Dataset(headers=[_("Community"), *[label for _name, label in columns]])
    sheet.title = key(month)
    for row in rows:
        sheet.append(
            safe_row(
                [row["node"].name, *["" if row.get(n) is None else row.get(n) for n, _l in columns]]
            )
        )
    response = HttpResponse(
        sheet.export("xlsx"),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="report-{node.code}-{key(month)}.xlsx"'
    return response


# WeasyPrint lays out about 130 rows a second here (a street's year, 875 pages, took 2 min 11 s):
# a PDF longer than this is made by a Celery worker rather than held in a web request.
PDF_ROWS_WHILE_YOU_WAIT = 2000


def ledger_places(user: User) -> QuerySet[Node]:
    """The streets and communities whose ledger `user` may print: those in scope."""
    kinds = [NodeKind.STREET, NodeKind.COMMUNITY]
    return scope_for(user).filter(Node.objects.filter(kind__in=kinds)).order_by("lft")


def ledger(request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
    """The inspection ledger (台账) from the back office: choose the place, the month or year
    and the format; the document comes back as a download. The admin site serves it behind
    its own sign-in (config.admin_site); a place outside the scope is not among the choices."""
    if not can_manage(request.user):
        raise PermissionDenied
    form = LedgerForm(request.POST or None, places=ledger_places(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        document = ledger_build(data["node"], month=data["month"], year=data["year"])
        rows = sum(len(s.rows) for s in document.sections)
        if data["format"] == "pdf" and rows > PDF_ROWS_WHILE_YOU_WAIT:
            ledger_request(
                node=data["node"],
                month=data["month"],
                year=data["year"],
                fmt="pdf",
                by=request.user,
            )
            messages.success(
                request,
                _(
                    "This ledger has %(rows)s rows: its PDF is being made, and you will be "
                    "told when it is ready to download."
                )
                % {"rows": rows},
            )
            return redirect(request.path)
        else:
            body = ledger_render(document, data["format"])
            name = ledger_filename(document, data["format"])
            return upload_response(io.BytesIO(body), filename=name)
    made = LedgerRequest.objects.filter(requested_by=request.user).select_related("node")[:10]
    context = {
        **(extra_context or {}),
        "form": form,
        "title": _("Inspection ledger (台账)"),
        "made": made,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "admin/ledger.html", context, status=status)


@login_required
def ledger_file(request: HttpRequest, ledger_id: int) -> HttpResponse:
    """A ledger a worker made: to whoever asked for it, and to the staff of its place."""
    made = get_or_404(LedgerRequest.objects.select_related("node"), ledger_id)
    mine = made.requested_by_id == request.user.pk
    if not (mine or (can_manage(request.user) and scope_for(request.user).contains(made.node))):
        raise Http404
    if not made.is_ready:
        raise Http404
    return upload_response(made.file.open("rb"), filename=made.file.name)
