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
from django.core.cache import cache
from django.db.models import QuerySet

from common.geo import EARTH_RADIUS_M, metres
from common.public_cache import generation
from common.queries import counts_by
from grids.models import Node, in_subtree

from .models import ServiceSite, SiteKind


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


NEAR_WALKS = 3


def _cell_size(sites: list[tuple[float, float]], radius: float, box: tuple) -> float:
    """Cells holding a few sites each where sites are dense (a walk wide at most, an eighth of
    a walk at least), so the nearest one is found among a few dozen, not thousands."""
    south, west, north, east = box
    height = metres(south, west, north, west)
    width = metres(south, west, south, east)
    spread = math.sqrt(max(height * width, 1.0) / max(len(sites), 1))
    return min(radius, max(radius / 8, 2 * spread))


class _SiteGrid:
    """Sites bucketed in square cells a walk wide, so that the nearest site to a compound is
    found by looking at the cells around it, ring by ring, instead of at every site."""

    def __init__(self, sites: list[tuple[float, float]], cell_m: float, mid_lat: float) -> None:
        self.cell_m = max(cell_m, 1.0)
        self.dlat = math.degrees(self.cell_m / EARTH_RADIUS_M)
        self.dlng = self.dlat / max(math.cos(math.radians(mid_lat)), 0.01)
        # Each site kept with its latitude in radians, its cosine and its longitude in radians,
        # so the distance to it costs three sines and no conversions (haversine, as metres()).
        self.cells: dict[tuple[int, int], list[tuple[float, float, float]]] = {}
        for lat, lng in sites:
            phi = math.radians(lat)
            self.cells.setdefault(self._cell(lat, lng), []).append(
                (phi, math.cos(phi), math.radians(lng))
            )
        keys = list(self.cells) or [(0, 0)]
        self.rows = (min(k[0] for k in keys), max(k[0] for k in keys))
        self.cols = (min(k[1] for k in keys), max(k[1] for k in keys))

    def _cell(self, lat: float, lng: float) -> tuple[int, int]:
        return math.floor(lat / self.dlat), math.floor(lng / self.dlng)

    def nearest(self, lat: float, lng: float, within: float | None = None) -> float | None:
        """Metres to the nearest site, or None when there is none (within `within` metres,
        when given: the search then stops once every unseen site is farther)."""
        if not self.cells:
            return None
        row, col = self._cell(lat, lng)
        phi, cos_phi, lam = math.radians(lat), math.cos(math.radians(lat)), math.radians(lng)
        sin, asin, sqrt = math.sin, math.asin, math.sqrt
        diameter = 2 * EARTH_RADIUS_M
        reach = max(
            abs(row - self.rows[0]), abs(row - self.rows[1]),
            abs(col - self.cols[0]), abs(col - self.cols[1]),
        )  # fmt: skip
        best: float | None = None
        for ring in range(reach + 1):
            for r in range(row - ring, row + ring + 1):
                for c in range(col - ring, col + ring + 1):
                    if max(abs(r - row), abs(c - col)) != ring:
                        continue  # inside: an earlier ring
                    for site_phi, site_cos, site_lam in self.cells.get((r, c), ()):
                        a = (
                            sin((site_phi - phi) / 2) ** 2
                            + cos_phi * site_cos * sin((site_lam - lam) / 2) ** 2
                        )
                        distance = diameter * asin(sqrt(a))
                        if best is None or distance < best:
                            best = distance
            # Every site not yet seen lies at least `ring` whole cells away (less a margin for
            # the cells' east-west width changing with latitude).
            if best is not None and best <= ring * self.cell_m * 0.99:
                break
            if within is not None and ring * self.cell_m * 0.99 > within:
                break
        if best is not None and within is not None and best > within:
            return None
        return best


COVERAGE_SECONDS = 300


def compound_coverage(node: Node, minutes: float | None = None) -> list[dict[str, Any]]:
    """Every compound under `node` that has a location, as a row: id, name, grid (the parent's
    name), latitude, longitude, the walking minutes to its nearest open site (None when none is
    within three walks) and whether that is within the walk.

    Kept five minutes, and dropped at once by any change made through the site (a site added,
    moved or closed in the admin or the API): a street's thousand compounds take a tenth of a
    second to work out. Two queries when worked out: the compounds, and the sites in their box.
    """
    minutes = minutes or settings.WALK_MINUTES
    key = (
        f"servicemap:coverage:v2:{node.pk}:{node.tree_id}:{node.lft}:{node.rght}:{minutes}:"
        f"{generation()}"
    )
    rows = cache.get(key)
    if rows is None:
        rows = _compound_coverage(node, minutes)
        cache.set(key, rows, COVERAGE_SECONDS)
    return rows


def _compound_coverage(node: Node, minutes: float) -> list[dict[str, Any]]:
    radius = walk_radius_m(minutes)
    compounds = list(
        Node.objects.compounds()
        .under(node)
        .filter(latitude__isnull=False)
        .order_by("lft")
        .values_list("pk", "name", "parent__name", "latitude", "longitude")
    )
    if not compounds:
        return []
    lats = [float(row[3]) for row in compounds]
    lngs = [float(row[4]) for row in compounds]
    south, west, _n, _e = bbox_around(min(lats), min(lngs), radius)
    _s, _w, north, east = bbox_around(max(lats), max(lngs), radius)
    sites = [
        (float(lat), float(lng))
        for lat, lng in in_bbox(
            ServiceSite.objects.filter(active=True), (south, west, north, east)
        ).values_list("latitude", "longitude")
    ]
    grid = _SiteGrid(
        sites, _cell_size(sites, radius, (south, west, north, east)), sum(lats) / len(lats)
    )
    rows = []
    for (pk, name, parent, _lat, _lng), lat, lng in zip(compounds, lats, lngs, strict=True):
        # How far the nearest site is, when it is within three walks; farther is "none near".
        nearest = grid.nearest(lat, lng, within=NEAR_WALKS * radius)
        rows.append(
            {
                "id": pk,
                "name": name,
                "grid": parent or "",
                "latitude": lat,
                "longitude": lng,
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


def sites_run_by(unit: Any) -> QuerySet[ServiceSite]:
    """Return the service sites the unit runs (the resources it opens to residents), open first;
    the sites kept in step with its service menu are left out, the menu lists them already."""
    return (
        ServiceSite.objects.filter(unit=unit, offer__isnull=True)
        .select_related("node")
        .order_by("-active", "name")
    )


def active_sites_at(node: Node) -> QuerySet[ServiceSite]:
    """Return the active service sites attached to `node` itself, by kind and name, leaving out
    the units' menu entries (menu_offerings_at groups those)."""
    return (
        ServiceSite.objects.filter(node=node, active=True)
        .exclude(kind=SiteKind.MENU_ENTRY)
        .order_by("kind", "name")
    )


@dataclass(frozen=True)
class Offering:
    """One service that units of a place offer on their menus, once, with the units offering it."""

    name: str
    hours: tuple[str, ...]
    units: tuple[str, ...]


def menu_offerings_at(node: Node, limit: int = 10) -> list[Offering]:
    """Return the menu entries on the map at `node`, one per service however many units offer
    it (eight units opening their meeting rooms are one line), the most offered first."""
    rows = (
        ServiceSite.objects.filter(node=node, active=True, kind=SiteKind.MENU_ENTRY)
        .order_by("name", "unit__name")
        .values_list("name", "hours", "unit__name")
    )
    hours: dict[str, list[str]] = {}
    units: dict[str, list[str]] = {}
    for name, when, unit in rows:
        hours.setdefault(name, [])
        units.setdefault(name, [])
        if when and when not in hours[name]:
            hours[name].append(when)
        if unit and unit not in units[name]:
            units[name].append(unit)
    offerings = [Offering(name, tuple(hours[name]), tuple(units[name])) for name in units]
    offerings.sort(key=lambda o: (-len(o.units), o.name))
    return offerings[:limit]


def street_site_figures(street: Node) -> dict[str, Any]:
    """The street's service sites by kind (Sancha: 20-odd labour-relations stations on building
    sites), as `street_report` prints them."""
    sites = ServiceSite.objects.filter(in_subtree(street, "node"))
    counts = counts_by(sites, "kind", SiteKind.values)
    return {"sites_by_kind": counts}
