from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from grids.models import Node
from grids.selectors import default_street, street_overview

from .health import database_ok, redis_ok


def home(request: HttpRequest) -> HttpResponse:
    """Show the default street, or the list of streets to pick from."""
    if settings.PORTAL_DEFAULT_STREET:
        return _render_street(request, default_street(settings.PORTAL_DEFAULT_STREET))
    streets = list(Node.objects.streets().order_by("tree_id"))
    if len(streets) > 1:
        return render(request, "portal/streets.html", {"streets": streets})
    return _render_street(request, streets[0] if streets else None)


def street_home(request: HttpRequest, code: str) -> HttpResponse:
    """Show one street's public home page."""
    street = default_street(code)
    if street is None:
        raise Http404
    return _render_street(request, street)


def _render_street(request: HttpRequest, street: Node | None) -> HttpResponse:
    overviews = street_overview(street) if street else []
    return render(request, "portal/home.html", {"street": street, "overviews": overviews})


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Report the state of the database and Redis; 200 while the database answers."""
    database, redis = database_ok(), redis_ok()
    return JsonResponse(
        {
            "status": "ok" if database and redis else ("degraded" if database else "down"),
            "database": "ok" if database else "unreachable",
            "redis": "ok" if redis else "unreachable",
        },
        status=200 if database else 503,
    )
