"""Query pieces shared by the apps."""

from __future__ import annotations

from collections.abc import Iterable

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


def counts_by(rows: QuerySet, field: str, values: Iterable[str]) -> dict[str, int]:
    """How many of `rows` have each of `values` in `field`, one GROUP BY query; a value no row
    has counts 0, so a report lists every kind."""
    counts = dict.fromkeys(values, 0)
    counts.update(rows.order_by().values(field).annotate(n=Count("pk")).values_list(field, "n"))
    return counts
