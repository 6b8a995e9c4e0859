"""Query pieces shared by the apps."""

from __future__ import annotations

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce


def count_per_row(related: QuerySet, field: str) -> Coalesce:
    """An annotation: how many rows of `related` point at the outer row through `field`.

    A subquery counted for the rows listed only, where Count() across a join would GROUP BY
    every row before a page is cut, and turn the page's total into a count of the groups."""
    counted = (
        related.filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted), 0)
