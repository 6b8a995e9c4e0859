"""Volunteer hours by month and the year's dual-report compliance, for a part of the tree."""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth

from grids.models import Node, in_subtree
from grids.months import bounds, key

from .models import CheckIn, CheckInStatus, DualReport


def monthly(node: Node, months: list[datetime.date]) -> dict[str, dict[str, Any]]:
    start, end = bounds(months[0], months[-1])
    rows: dict[str, dict[str, Any]] = defaultdict(dict)
    hours = (
        CheckIn.objects.filter(
            in_subtree(node, "community"),
            status=CheckInStatus.APPROVED,
            checked_in_at__gte=start,
            checked_in_at__lt=end,
        )
        .annotate(m=TruncMonth("checked_in_at"))
        .values("m")
        .annotate(total=Sum("hours"), people=Count("volunteer", distinct=True))
    )
    for row in hours:
        rows[key(row["m"])].update(
            volunteer_hours=float(row["total"] or Decimal("0")), volunteers_serving=row["people"]
        )
    years = sorted({m.year for m in months})
    reports = (
        DualReport.objects.filter(in_subtree(node, "community"), year__in=years)
        .values("year")
        .annotate(n=Count("pk"), confirmed=Count("pk", filter=Q(confirmed_at__isnull=False)))
    )
    compliance = {row["year"]: row for row in reports}
    for month in months:
        row = rows[key(month)]
        row.setdefault("volunteer_hours", 0.0)
        row.setdefault("volunteers_serving", 0)
        year = compliance.get(month.year)
        row["dual_reports"] = year["n"] if year else 0
        row["dual_reports_confirmed"] = year["confirmed"] if year else 0
    return dict(rows)
