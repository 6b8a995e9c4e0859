"""The district's comparison (区级对比): its streets side by side, a street's communities side
by side, a community month by month, over a year's months up to this one.

Each row gathers the figures the district asks of a street: monthly joint meetings held in
their month, items closed and closed on time, pledges kept, summons answered and on site in
time, volunteer hours, and the latest published appraisal's stars. The monthly figures come
from the dashboard's cached `monthly_figures`; the rest from each domain's selectors.
"""

from __future__ import annotations

import calendar
import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.scope import get_in_scope_or_404, oversees_district, scope_for
from alliance.selectors import joint_meetings_kept
from appraisals.selectors import published_results
from common.months import key
from common.params import parse_query
from grids.forms import PlaceYearQuery
from grids.models import Node, NodeKind
from summons.selectors import node_summons_figures

from .services import monthly_figures

SUMMED = (
    "meetings_held",
    "items_closed",
    "items_closed_on_time",
    "pledges_due",
    "pledges_kept",
    "volunteer_hours",
)

# Each rate of the comparison: (the part, the whole) it is the share of.
RATES = {
    "joint_rate": ("joint_held", "joint_due"),
    "closure_rate": ("items_closed_on_time", "items_closed"),
    "pledge_rate": ("pledges_kept", "pledges_due"),
    "summons_rate": ("summons_answered", "summoned"),
}

# The columns of the comparison, in order: (key, header); each key is a row's figure.
COLUMNS = (
    ("joint_rate", _("Joint meetings held in their month")),
    ("meetings_held", _("Meetings held")),
    ("items_closed", _("Items closed")),
    ("closure_rate", _("Closed on time")),
    ("pledge_rate", _("Pledges kept")),
    ("summons_rate", _("Summons answered")),
    ("summons_in_time", _("On site in time")),
    ("volunteer_hours", _("Volunteer hours")),
    ("stars_avg", _("Average stars")),
)


def place_and_year(request: HttpRequest) -> tuple[Node, int]:
    """The place and year a comparison is about (?node=, ?year=; the user's district and this
    year): PermissionDenied for anyone but the district's staff (and superusers), Http404 for
    a place outside their district, 400 for values that are not an id or a year."""
    if not oversees_district(request.user):
        raise PermissionDenied
    query = parse_query(PlaceYearQuery, request)
    if query["node"]:
        node = get_in_scope_or_404(request.user, Node.objects.all(), pk=query["node"])
    else:
        node = scope_for(request.user).node or Node.objects.districts().order_by("tree_id").first()
    if node is None:
        raise Http404
    return node, query["year"] or timezone.localdate().year


def months_of(year: int, today: datetime.date | None = None) -> list[datetime.date]:
    """The first days of `year`'s months up to today's (the whole year once it is over; none
    for a year to come)."""
    today = today or timezone.localdate()
    last = 12 if year < today.year else today.month if year == today.year else 0
    return [datetime.date(year, month, 1) for month in range(1, last + 1)]


def _rate(part: float, whole: float) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def figures(node: Node, months: list[datetime.date], year: int) -> dict[str, Any]:
    """Every figure of the comparison for `node` over `months` (of `year`)."""
    row: dict[str, Any] = dict.fromkeys(SUMMED, 0)
    if months:
        for month in monthly_figures(node, months):
            for name in SUMMED:
                row[name] += month.get(name) or 0
        last = months[-1]
        last_day = last.replace(day=calendar.monthrange(last.year, last.month)[1])
        row.update(node_summons_figures(node, months[0], last_day))
    else:
        row.update(summoned=0, summons_answered=0, summons_in_time=0, summons_done=0)
    row.update(joint_meetings_kept(node, months))
    row.update(published_results(node, year))
    row["volunteer_hours"] = round(row["volunteer_hours"], 1)
    for name, (part, whole) in RATES.items():
        row[name] = _rate(row[part], row[whole])
    return row


def cells(row: dict[str, Any]) -> list[tuple[str, str, str]]:
    """A row's figures as shown, in the order of COLUMNS: (header, value, detail)."""
    shown = []
    for name, header in COLUMNS:
        value, detail = row.get(name), ""
        if name in RATES:
            part, whole = RATES[name]
            detail = f"{row[part]}/{row[whole]}"
            value = "—" if value is None else f"{value}%"
        elif name == "stars_avg":
            value = "—" if value is None else f"{value}★"
            if row.get("appraisal_year"):
                detail = f"{row['appraisal_year']} · ★★★★★ {row['five_stars']}"
        shown.append((str(header), str(value), detail))
    return shown


def children(node: Node) -> QuerySet[Node]:
    """The places a comparison of `node` sets side by side: a district's streets, a street's
    communities (those under its zones too); none below a community."""
    if node.kind == NodeKind.DISTRICT:
        return Node.objects.streets().under(node, include_self=False).order_by("lft")
    if node.kind in (NodeKind.STREET, NodeKind.ZONE):
        return Node.objects.communities().under(node, include_self=False).order_by("lft")
    return Node.objects.none()


def comparison(node: Node, year: int) -> dict[str, Any]:
    """The rows of `node`'s comparison for `year`: one per place below it (or, for a community,
    one per month), each with its figures, and the total of `node` itself."""
    months = months_of(year)
    places = list(children(node))
    if places:
        rows = [{"node": place, **figures(place, months, year)} for place in places]
    else:
        rows = [{"month": key(month), **figures(node, [month], year)} for month in months]
    for row in rows:
        row["cells"] = cells(row)
    total = figures(node, months, year)
    total["cells"] = cells(total)
    return {"rows": rows, "total": total, "months": months}
