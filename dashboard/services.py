"""The street's figures by month, gathered from each app's own `stats` module and cached.

A month that is over does not change, so its figures are kept for a day; the running month's
for a few minutes. Every figure is an aggregate computed in the database.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from alliance import stats as alliance_stats
from common.months import key, month_start
from grids.models import Node
from pledges import stats as pledge_stats
from servicedesk import stats as desk_stats
from servicemap.selectors import compound_coverage
from volunteers import stats as volunteer_stats

SOURCES = (alliance_stats, pledge_stats, desk_stats, volunteer_stats)


def _compute(node: Node, months: list[datetime.date]) -> dict[str, dict[str, Any]]:
    rows: dict[str, dict[str, Any]] = {key(m): {"month": key(m)} for m in months}
    for source in SOURCES:
        for name, figures in source.monthly(node, months).items():
            # A source counts from the first month to the last, so a month kept already that
            # lies between two missing ones comes back too: its kept figures stand.
            if name in rows:
                rows[name].update(figures)
    return rows


def monthly_figures(node: Node, months: list[datetime.date]) -> list[dict[str, Any]]:
    """Every figure for each month of `months` under `node`, oldest month first."""
    result: dict[str, dict[str, Any]] = {}
    missing = []
    for month in months:
        cached = cache.get(_cache_key(node, month))
        if cached is None:
            missing.append(month)
        else:
            result[key(month)] = cached
    if missing:
        computed = _compute(node, missing)
        for month in missing:
            figures = computed[key(month)]
            cache.set(_cache_key(node, month), figures, _timeout(month))
            result[key(month)] = figures
    return [result[key(m)] for m in months]


def _cache_key(node: Node, month: datetime.date) -> str:
    return f"dashboard:v1:{node.pk}:{node.lft}:{node.rght}:{key(month)}"


def coverage(node: Node) -> dict[str, Any]:
    """Compounds under `node` with a location, and how many have no service site within the
    walk (servicemap keeps the rows for a few minutes, until the next change)."""
    rows = compound_coverage(node)
    uncovered = [row for row in rows if not row["covered"]]
    return {
        "compounds": len(rows),
        "points": [
            {
                "name": row["name"],
                "lat": row["latitude"],
                "lng": row["longitude"],
                "covered": row["covered"],
            }
            for row in rows
        ],
        "uncovered": len(uncovered),
        "covered_rate": round(100 * (len(rows) - len(uncovered)) / len(rows), 1) if rows else None,
    }


def communities_report(node: Node, month: datetime.date) -> list[dict[str, Any]]:
    """The month's figures for each community under `node` and for `node` itself (last row).

    The communities' figures come from the cache, or, if any is missing, all together from one
    pass of each app's queries split by community, whatever the number of communities."""
    communities = list(Node.objects.communities().under(node, include_self=False).order_by("lft"))
    keys = {community.pk: _cache_key(community, month) for community in communities}
    found = cache.get_many(list(keys.values()))
    if len(found) < len(keys):
        split = _compute_split(node, month)
        found = {keys[pk]: split.get(pk, {"month": key(month)}) for pk in keys}
        cache.set_many(found, _timeout(month))
    rows = [{"node": community, **found[keys[community.pk]]} for community in communities]
    rows.append({"node": node, **monthly_figures(node, [month])[0], "total": True})
    return rows


def _compute_split(node: Node, month: datetime.date) -> dict[int, dict[str, Any]]:
    """Every figure of `month` for each community under `node`, by community id."""
    by_community: dict[int, dict[str, Any]] = {}
    for source in SOURCES:
        for (community, _name), figures in source.monthly(node, [month], split=True).items():
            if community is not None:  # rows at street level belong to no community
                by_community.setdefault(community, {"month": key(month)}).update(figures)
    return by_community


def _timeout(month: datetime.date) -> int:
    current = month_start(timezone.localdate())
    return settings.DASHBOARD_CACHE_CURRENT if month >= current else 24 * 3600


def league(node: Node, month: datetime.date) -> dict[str, list[dict[str, Any]]]:
    return alliance_stats.league(node, month)
