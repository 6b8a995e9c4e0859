"""What the pages above may read of the yearly appraisal: a street's published results."""

from __future__ import annotations

from django.db.models import Avg, Count, Q

from grids.models import Node, NodeKind, in_subtree

from .models import Appraisal, AppraisalStatus, UnitAppraisal


def published_results(node: Node, year: int) -> dict[str, object]:
    """The latest published appraisal year up to `year` of the streets under `node` (or of the
    street `node` lies in, for a community): the year, the units rated, their average stars and
    the five-star units, counted over the units under `node`. Two queries."""
    appraisals = Appraisal.objects.filter(status=AppraisalStatus.PUBLISHED, year__lte=year)
    street = node if node.kind != NodeKind.COMMUNITY else node.street_node()
    latest = (
        appraisals.filter(in_subtree(street, "street")).order_by("-year").values("year").first()
    )
    if latest is None:
        return {"appraisal_year": None, "appraised": 0, "stars_avg": None, "five_stars": 0}
    rows = UnitAppraisal.objects.filter(
        in_subtree(node, "unit__community"),
        appraisal__in=appraisals.filter(year=latest["year"]),
        stars__gt=0,
    ).aggregate(n=Count("pk"), avg=Avg("stars"), five=Count("pk", filter=Q(stars=5)))
    return {
        "appraisal_year": latest["year"],
        "appraised": rows["n"],
        "stars_avg": round(rows["avg"], 1) if rows["avg"] is not None else None,
        "five_stars": rows["five"],
    }
