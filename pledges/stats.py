"""Pledge fulfilment and residents' satisfaction by month, for a part of the tree."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth

from common.months import add_months, key
from grids.figures import Figures
from grids.models import Node, in_subtree

from .models import ListStatus, Pledge, PledgeRating, PledgeStatus, Satisfaction
from .selectors import satisfaction_rate


def monthly(node: Node, months: list[datetime.date], *, split: bool = False) -> dict:
    """Published pledges due in each month and how many were kept; the month's ratings (by
    community too with `split`; see grids.figures)."""
    rows = Figures(node, months, split=split)
    due = Pledge.objects.filter(
        in_subtree(node, "pledge_list__node"),
        pledge_list__status=ListStatus.PUBLISHED,
        due_on__gte=months[0],
        due_on__lt=add_months(months[-1], 1),
    ).annotate(m=TruncMonth("due_on"))
    due = rows.grouped(due, "m", node="pledge_list__node").annotate(
        n=Count("pk"), kept=Count("pk", filter=Q(status=PledgeStatus.KEPT))
    )
    for row in due:
        rows.at(row, row["m"]).update(pledges_due=row["n"], pledges_kept=row["kept"])
    ratings = PledgeRating.objects.filter(
        in_subtree(node, "pledge__pledge_list__node"), period__in=[key(m) for m in months]
    )
    ratings = rows.grouped(ratings, "period", node="pledge__pledge_list__node").annotate(
        satisfied=Count("pk", filter=Q(value=Satisfaction.SATISFIED)),
        basic=Count("pk", filter=Q(value=Satisfaction.BASIC)),
        unsatisfied=Count("pk", filter=Q(value=Satisfaction.UNSATISFIED)),
    )
    for row in ratings:
        rate = satisfaction_rate(row["satisfied"], row["basic"], row["unsatisfied"])
        rows.at(row, row["period"]).update(
            ratings=row["satisfied"] + row["basic"] + row["unsatisfied"],
            satisfaction=None if rate is None else round(100 * rate, 1),
        )
    for row, _month, _community in rows.each():
        row.setdefault("pledges_due", 0)
        row.setdefault("pledges_kept", 0)
        row.setdefault("ratings", 0)
        row.setdefault("satisfaction", None)
        row["fulfilment_rate"] = (
            round(100 * row["pledges_kept"] / row["pledges_due"], 1) if row["pledges_due"] else None
        )
    return rows.result()
