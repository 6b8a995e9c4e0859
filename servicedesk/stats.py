"""Service requests and micro-wishes by month: received, done, by category, time to close and
residents' ratings, for a part of the tree."""

from __future__ import annotations

import datetime

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F
from django.db.models.functions import TruncMonth

from common.months import bounds
from grids.figures import Figures
from grids.models import Node, in_subtree

from .models import MicroWish, RequestStatus, ServiceRequest, WishStatus

DONE = [RequestStatus.CLOSED, RequestStatus.RATED]


def monthly(node: Node, months: list[datetime.date], *, split: bool = False) -> dict:
    """Requests received, done, how fast and how rated; wishes done and rated (by community
    too with `split`; see grids.figures)."""
    start, end = bounds(months[0], months[-1])
    rows = Figures(node, months, split=split)
    requests = ServiceRequest.objects.filter(in_subtree(node, "community"))
    received = rows.grouped(
        requests.filter(created_at__gte=start, created_at__lt=end).annotate(
            m=TruncMonth("created_at")
        ),
        "m",
        "category",
        community="community",
    ).annotate(n=Count("pk"))
    for row in received:
        month = rows.at(row, row["m"])
        month["requests_received"] = month.get("requests_received", 0) + row["n"]
        month.setdefault("requests_by_category", {})[row["category"]] = row["n"]
    closed = rows.grouped(
        requests.filter(closed_at__gte=start, closed_at__lt=end, status__in=DONE).annotate(
            m=TruncMonth("closed_at")
        ),
        "m",
        community="community",
    ).annotate(
        n=Count("pk"),
        took=Avg(ExpressionWrapper(F("closed_at") - F("created_at"), output_field=DurationField())),
        rating=Avg("rating"),
    )
    for row in closed:
        month = rows.at(row, row["m"])
        month["requests_done"] = row["n"]
        month["hours_to_close"] = (
            round(row["took"].total_seconds() / 3600, 1) if row["took"] is not None else None
        )
        month["request_rating"] = round(row["rating"], 2) if row["rating"] is not None else None
    wishes = MicroWish.objects.filter(
        in_subtree(node, "community"),
        fulfilled_at__gte=start,
        fulfilled_at__lt=end,
        status__in=[WishStatus.FULFILLED, WishStatus.CONFIRMED],
    ).annotate(m=TruncMonth("fulfilled_at"))
    wishes = rows.grouped(wishes, "m", community="community").annotate(
        n=Count("pk"), rating=Avg("rating")
    )
    for row in wishes:
        month = rows.at(row, row["m"])
        month["wishes_done"] = row["n"]
        month["wish_rating"] = round(row["rating"], 2) if row["rating"] is not None else None
    for month, _first, _community in rows.each():
        for field in ("requests_received", "requests_done", "wishes_done"):
            month.setdefault(field, 0)
        for field in ("hours_to_close", "request_rating", "wish_rating"):
            month.setdefault(field, None)
        month.setdefault("requests_by_category", {})
    return rows.result()
