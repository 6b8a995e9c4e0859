"""Volunteer hours by month and the year's dual-report compliance, for a part of the tree."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth

from common.months import bounds
from grids.figures import GROUP, Figures
from grids.models import Node, in_subtree

from .models import CheckIn, CheckInStatus, DualReport


def monthly(node: Node, months: list[datetime.date], *, split: bool = False) -> dict:
    """Approved volunteer hours and who served; the year's dual reports (by community too with
    `split`; see grids.figures)."""
    start, end = bounds(months[0], months[-1])
    rows = Figures(node, months, split=split)
    hours = CheckIn.objects.filter(
        in_subtree(node, "community"),
        status=CheckInStatus.APPROVED,
        checked_in_at__gte=start,
        checked_in_at__lt=end,
    ).annotate(m=TruncMonth("checked_in_at"))
    hours = rows.grouped(hours, "m", community="community").annotate(
        total=Sum("hours"), people=Count("volunteer", distinct=True)
    )
    for row in hours:
        rows.at(row, row["m"]).update(
            volunteer_hours=float(row["total"] or Decimal("0")), volunteers_serving=row["people"]
        )
    years = sorted({m.year for m in months})
    reports = DualReport.objects.filter(in_subtree(node, "community"), year__in=years)
    reports = rows.grouped(reports, "year", community="community").annotate(
        n=Count("pk"), confirmed=Count("pk", filter=Q(confirmed_at__isnull=False))
    )
    compliance = {(row.get(GROUP), row["year"]): row for row in reports}
    for row, month, community in rows.each():
        row.setdefault("volunteer_hours", 0.0)
        row.setdefault("volunteers_serving", 0)
        year = compliance.get((community, month.year))
        row["dual_reports"] = year["n"] if year else 0
        row["dual_reports_confirmed"] = year["confirmed"] if year else 0
    return rows.result()
