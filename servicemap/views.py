"""The service map pages: a list of what is within a walk, and the staff coverage view."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from accounts.scope import can_manage, scope_for
from common.forms import LabelledChoiceField
from common.params import IdField, parse_query
from common.public_cache import public_page
from grids.forms import StreetQuery
from grids.models import Node, in_subtree
from grids.selectors import default_street

from .models import ServiceSite, SiteKind
from .selectors import compounds_without_a_site, sites_within, walk_radius_m

# The nearest this many are listed on the page; the count says how many more the walk holds.
SHOWN = 50


@public_page(with_query=False)
def nearby(request: HttpRequest) -> HttpResponse:
    """What is within a walk of a compound or a point; works with no map and no JavaScript."""
    query = parse_query(NearbyQuery, request)
    street = default_street(query["street"] or settings.PORTAL_DEFAULT_STREET)
    if street is None:
        raise Http404
    compounds = (
        Node.objects.compounds().filter(in_subtree(street), latitude__isnull=False).order_by("lft")
    )
    origin, point, results, error = None, None, None, ""
    kind = query["kind"] if query["kind"] in SiteKind.values else None
    minutes = query["minutes"] or settings.WALK_MINUTES
    if float(minutes).is_integer():
        minutes = int(minutes)
    if query["compound"]:
        origin = compounds.filter(pk=query["compound"]).first()
        if origin is None:
            raise Http404
        results = sites_within(
            float(origin.latitude), float(origin.longitude), minutes, kind, limit=SHOWN
        )
    elif query["lat"] or query["lng"]:
        point = _point(query["lat"], query["lng"])
        if point is None:
            error = _("That place could not be read. Choose a compound or try again.")
        else:
            results = sites_within(point.latitude, point.longitude, minutes, kind, limit=SHOWN)
    context = {
        "street": street,
        "compound_select": _compound_select(compounds, origin, point),
        "origin": origin,
        "results": results,
        "minutes": minutes,
        "kinds": SiteKind.choices,
        "kind": kind,
        "error": error,
        "point": point,
        "centre": origin or point or street,
        "radius": round(walk_radius_m(minutes)) if (origin or point) else None,
        "tiles": settings.MAP_TILE_URL,
        "attribution": settings.MAP_TILE_ATTRIBUTION,
    }
    return render(request, "servicemap/nearby.html", context)


def _compound_select(compounds: Any, origin: Node | None, point: Any) -> str:
    """The street's compounds (and only them) as a select."""
    field = LabelledChoiceField(
        compounds.select_related("parent"),
        label_fields=("parent__name", "name"),
        required=False,
        empty_label=_("the point chosen") if point else _("choose a compound"),
    )
    return field.widget.render("compound", origin.pk if origin else "")


class NearbyQuery(StreetQuery):
    """The walk search's query: a compound (by id) or a point, how far, what kind. A point
    that cannot be read is said on the page (the phone's location may fail); a kind the
    map does not know lists every kind."""

    compound = IdField()
    lat = forms.CharField(max_length=40, required=False)
    lng = forms.CharField(max_length=40, required=False)
    minutes = forms.FloatField(min_value=1, max_value=120, required=False)
    kind = forms.CharField(max_length=40, required=False)


@dataclass
class Point:
    latitude: float
    longitude: float


def _point(lat: str, lng: str) -> Point | None:
    """Return the point a phone's location or a tap on the map gave, or None if unreadable."""
    try:
        point = Point(round(float(lat), 6), round(float(lng), 6))
    except ValueError:
        return None
    if not (math.isfinite(point.latitude) and math.isfinite(point.longitude)):
        return None
    if not (-90 <= point.latitude <= 90 and -180 <= point.longitude <= 180):
        return None
    return point


@public_page
def site(request: HttpRequest, site_id: int) -> HttpResponse:
    """One open site: what it offers, when, where, who runs it, photos, and the walk from here."""
    found = get_object_or_404(
        ServiceSite.objects.filter(active=True)
        .select_related("node", "unit", "offer")
        .prefetch_related("photos"),
        pk=site_id,
    )
    return render(
        request,
        "servicemap/site.html",
        {
            "site": found,
            "tiles": settings.MAP_TILE_URL,
            "attribution": settings.MAP_TILE_ATTRIBUTION,
        },
    )


@login_required
def coverage(request: HttpRequest) -> HttpResponse:
    """Staff: the compounds with no service site within the walk."""
    if not can_manage(request.user):
        raise PermissionDenied
    scope = scope_for(request.user)
    street = (
        scope.node.street_node()
        if scope.node is not None
        else default_street(settings.PORTAL_DEFAULT_STREET)
    )
    if street is None:
        raise Http404
    uncovered = compounds_without_a_site(scope.node or street)
    return render(
        request,
        "servicemap/coverage.html",
        {"street": street, "uncovered": uncovered, "minutes": settings.WALK_MINUTES},
    )
