"""What the pages above may read of the yearly appraisal: a street's published results."""

from __future__ import annotations

from django.db.models import Avg, Count, Max, Q

from grids.models import Node, NodeKind, in_subtree

from .models import Appraisal, AppraisalStatus, UnitAppraisal


def published_results(node: Node, year: int) -> dict[str, object]:
    """The published stars of the units under `node`: for each street (the streets under a
    district, or the street `node` lies in) its latest year published up to `year`. The year
    shown is the latest of those; the units rated, their average stars and the five-star units
    are counted over the units under `node`. Two queries (three below a street)."""
    above = node if node.kind in (NodeKind.DISTRICT, NodeKind.STREET) else node.street_node()
    latest: dict[int, int] = {}
    if above is not None:
        published = (
            Appraisal.objects.filter(
                in_subtree(above, "street"), status=AppraisalStatus.PUBLISHED, year__lte=year
            )
            .order_by("street_id", "-year")
            .values_list("pk", "street_id")
        )
        for pk, street_id in published:
            latest.setdefault(street_id, pk)  # the first of each street is its latest year
    if not latest:
        return {"appraisal_year": None, "appraised": 0, "stars_avg": None, "five_stars": 0}
    rows = UnitAppraisal.objects.filter(
        in_subtree(node, "unit__community"), appraisal_id__in=latest.values(), stars__gt=0
    ).aggregate(
        n=Count("pk"),
        avg=Avg("stars"),
        five=Count("pk", filter=Q(stars=5)),
        year=Max("appraisal__year"),
    )
    return {
        "appraisal_year": rows["year"],
        "appraised": rows["n"],
        "stars_avg": round(rows["avg"], 1) if rows["avg"] is not None else None,
        "five_stars": rows["five"],
    }
