"""Monthly figures under one node, whole or split by community in the same queries.

Each app's `stats.monthly` counts its rows by month through a `Figures`. Whole, the rows are
keyed by month ("2026-03"); split, by (community id, month), with the community found in the
database from the row's node, so a report over 110 communities makes as many queries as one over
a single community.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from django.db.models import F, OuterRef, QuerySet, Subquery

from common.months import key

from .models import Node, NodeKind

GROUP = "_community"


def community_of(path: str) -> Subquery:
    """The id of the community whose subtree holds the node reached by `path`."""
    return Subquery(
        Node.objects.filter(
            kind=NodeKind.COMMUNITY,
            tree_id=OuterRef(f"{path}__tree_id"),
            lft__lte=OuterRef(f"{path}__lft"),
            rght__gte=OuterRef(f"{path}__rght"),
        ).values("pk")[:1]
    )


class Figures:
    """The figures of `months` under `node`; with `split`, one set per community below it."""

    def __init__(self, node: Node, months: list[datetime.date], *, split: bool = False) -> None:
        self.node, self.months, self.split = node, months, split
        self._rows: dict[Any, dict[str, Any]] = defaultdict(dict)
        self._communities: list[int] | None = None

    @property
    def communities(self) -> list[int]:
        if self._communities is None:
            self._communities = list(
                Node.objects.communities().under(self.node).values_list("pk", flat=True)
            )
        return self._communities

    def grouped(
        self, queryset: QuerySet, *fields: str, node: str = "", community: str = ""
    ) -> QuerySet:
        """`queryset.values(*fields)`, split by community when asked: the community is the
        foreign key `community` (to a community node) or the one above the node at `node`."""
        if not self.split:
            return queryset.values(*fields)
        group = F(f"{community}_id") if community else community_of(node)
        return queryset.annotate(**{GROUP: group}).values(GROUP, *fields)

    def totals(
        self, queryset: QuerySet, *, node: str = "", community: str = "", **aggregates: Any
    ) -> list[dict[str, Any]]:
        """The aggregates over the whole queryset, once, or once per community."""
        if not self.split:
            return [{**queryset.aggregate(**aggregates)}]
        return list(self.grouped(queryset, node=node, community=community).annotate(**aggregates))

    def at(self, row: dict[str, Any], month: datetime.date | str) -> dict[str, Any]:
        """The figures of `row`'s community (when split) for `month`."""
        name = month if isinstance(month, str) else key(month)
        return self._rows[(row.get(GROUP), name) if self.split else name]

    def each(self) -> Iterator[tuple[dict[str, Any], datetime.date, int | None]]:
        """Every set of figures: (figures, month, community id or None)."""
        for community in self.communities if self.split else [None]:
            for month in self.months:
                yield self.at({GROUP: community}, month), month, community

    def result(self) -> dict[Any, dict[str, Any]]:
        """The figures by month (or by community and month); each stats module has filled in
        every one through each()."""
        return dict(self._rows)
