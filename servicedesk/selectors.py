"""Reads of the service desk."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q

from .models import ServiceRequest


def requests_closed_by_units(
    unit_ids: list[int], first: datetime.date, last: datetime.date
) -> list[tuple[int, int, int]]:
    """Return (unit id, requests it closed in the period, how many of those were reopened)."""
    rows = (
        ServiceRequest.objects.filter(
            closed_by_unit_id__in=unit_ids,
            events__action="close",
            events__at__date__range=(first, last),
        )
        .values("closed_by_unit_id")
        .annotate(
            closed=Count("pk", distinct=True),
            reopened=Count("pk", filter=Q(reopen_count__gt=0), distinct=True),
        )
    )
    return [(r["closed_by_unit_id"], r["closed"], r["reopened"]) for r in rows]
