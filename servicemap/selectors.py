"""The 15-minute walk: service sites within N minutes of a point, nearest first.

A bounding box narrows the rows in the database (it uses the latitude/longitude index); the
exact great-circle distance is then checked for the few left, so the search stays fast with
tens of thousands of sites and needs no PostGIS.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import QuerySet

from grids.geo import EARTH_RADIUS_M, metres
from grids.models import Node

from .models import ServiceSite


def walk_radius_m(minutes: float) -> float:
    """Return the straight-line distance a walk of `minutes` covers, after the detour factor."""
    return minutes * settings.WALK_SPEED_M_PER_MIN / settings.WALK_DETOUR_FACTOR


def walking_minutes(distance_m: float) -> float:
    return distance_m * settings.WALK_DETOUR_FACTOR / settings.WALK_SPEED_M_PER_MIN


def bbox_around(lat: float, lng: float, radius_m: float) -> tuple[float, float, float, float]:
    """Return (min lat, min lng, max lat, max lng) of a box holding the circle."""
    dlat = math.degrees(radius_m / EARTH_RADIUS_M)
    dlng = math.degrees(radius_m / (EARTH_RADIUS_M * max(math.cos(math.radians(lat)), 0.01)))
    return lat - dlat, lng - dlng, lat + dlat, lng + dlng


def in_bbox(
    queryset: QuerySet[ServiceSite], box: tuple[float, float, float, float]
) -> QuerySet[ServiceSite]:
    min_lat, min_lng, max_lat, max_lng = (Decimal(str(round(v, 6))) for v in box)
    return queryset.filter(latitude__range=(min_lat, max_lat), longitude__range=(min_lng, max_lng))


@dataclass
class Nearby:
    site: ServiceSite
    metres: float
    minutes: float


class WalkResults(list):
    """The sites within a walk, nearest first (at most the limit asked for); `total` counts
    every one within the walk, shown or not."""

    total: int = 0


def sites_within(
    lat: float,
    lng: float,
    minutes: float | None = None,
    kind: str | None = None,
    base: QuerySet[ServiceSite] | None = None,
    limit: int | None = None,
) -> WalkResults:
    """Return the open sites within a walk of `minutes` (default from settings), nearest first,
    the nearest `limit` of them when a limit is given.

    Two queries however many sites the box holds: their coordinates, then the shown ones whole.
    """
    minutes = minutes or settings.WALK_MINUTES
    radius = walk_radius_m(minutes)
    sites = base if base is not None else ServiceSite.objects.filter(active=True)
    if kind:
        sites = sites.filter(kind=kind)
    near = []
    for pk, site_lat, site_lng in in_bbox(sites, bbox_around(lat, lng, radius)).values_list(
        "pk", "latitude", "longitude"
    ):
        distance = metres(lat, lng, float(site_lat), float(site_lng))
        if distance <= radius:
            near.append((round(distance), pk, distance))
    near.sort()
    shown = near[:limit] if limit is not None else near
    found = (
        sites.filter(pk__in=[pk for _rounded, pk, _d in shown])
        .select_related("node", "unit")
        .prefetch_related("photos")
        .in_bulk()
        if shown
        else {}
    )
    results = WalkResults(
        Nearby(found[pk], rounded, round(walking_minutes(distance), 1))
        for rounded, pk, distance in shown
    )
    results.total = len(near)
    return results


def compound_coverage(node: Node, minutes: float | None = None) -> list[dict[str, Any]]:
    """Every compound under `node` that has a location, with the walking minutes to its nearest
    open site (None when none is near) and whether that is within the walk.

    Two queries: the compounds, and the sites in their box; distances are checked here.
    """
    minutes = minutes or settings.WALK_MINUTES
    radius = walk_radius_m(minutes)
    compounds = list(
        Node.objects.compounds()
        .under(node)
        .filter(latitude__isnull=False)
        .select_related("parent")
        .order_by("lft")
    )
    if not compounds:
        return []
    lats = [float(c.latitude) for c in compounds]
    lngs = [float(c.longitude) for c in compounds]
    south, west, _n, _e = bbox_around(min(lats), min(lngs), radius)
    _s, _w, north, east = bbox_around(max(lats), max(lngs), radius)
    sites = [
        (float(s.latitude), float(s.longitude))
        for s in in_bbox(ServiceSite.objects.filter(active=True), (south, west, north, east)).only(
            "latitude", "longitude"
        )
    ]
    rows = []
    for compound in compounds:
        here = (float(compound.latitude), float(compound.longitude))
        nearest = min((metres(*here, *site) for site in sites), default=None)
        rows.append(
            {
                "compound": compound,
                "nearest_minutes": round(walking_minutes(nearest), 1)
                if nearest is not None
                else None,
                "covered": nearest is not None and nearest <= radius,
            }
        )
    return rows


def compounds_without_a_site(node: Node, minutes: float | None = None) -> list[dict[str, Any]]:
    """The compounds under `node` (with a location) with no open site within the walk."""
    return [row for row in compound_coverage(node, minutes) if not row["covered"]]
