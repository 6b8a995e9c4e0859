from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from alliance.models import Committee, CommitteeKind
from alliance.services.rota import rota_convener
from common.params import parse_query
from common.public_cache import public_page
from common.uploads import public_media_path, upload_response
from grids.models import Node, NodeKind
from grids.selectors import default_street, stewards_under
from organizations.models import PartyOrganization
from organizations.selectors import street_overview
from servicemap.selectors import active_sites_at, menu_offerings_at
from volunteers.models import Activity

from .forms import AnnouncementsQuery
from .health import database_ok, redis_ok
from .models import AnnouncementCategory
from .selectors import announcements_for, announcements_published


@public_page
def home(request: HttpRequest) -> HttpResponse:
    """Show the default street, or the list of streets to pick from."""
    if settings.PORTAL_DEFAULT_STREET:
        return _render_street(request, default_street(settings.PORTAL_DEFAULT_STREET))
    streets = list(Node.objects.streets().order_by("tree_id", "lft"))
    if len(streets) > 1:
        return render(request, "portal/streets.html", {"streets": streets})
    return _render_street(request, streets[0] if streets else None)


@public_page
def street_home(request: HttpRequest, code: str) -> HttpResponse:
    """Show one street's public home page."""
    street = default_street(code)
    if street is None:
        raise Http404
    return _render_street(request, street)


def _render_street(request: HttpRequest, street: Node | None) -> HttpResponse:
    overviews = street_overview(street) if street else []
    return render(request, "portal/home.html", {"street": street, "overviews": overviews})


@public_page
def community_home(request: HttpRequest, community_id: int) -> HttpResponse:
    """A community's public home: its party organisations, this month's rotating secretary,
    pledges, announcements, upcoming activities, service sites and its building stewards."""
    community = Node.objects.communities().filter(pk=community_id).select_related("parent").first()
    if community is None:
        raise Http404
    today = timezone.localdate()
    committee = Committee.objects.filter(node=community, kind=CommitteeKind.PARTY).first()
    context = {
        "community": community,
        "organisations": PartyOrganization.objects.filter(
            node=community, unit__isnull=True
        ).order_by("kind", "name"),
        "committee": committee,
        "convener": rota_convener(committee, today) if committee else None,
        "announcements": announcements_for(community)[:5],
        "activities": Activity.objects.filter(
            node__tree_id=community.tree_id,
            node__lft__gte=community.lft,
            node__rght__lte=community.rght,
            starts_at__gte=timezone.now(),
            cancelled_at__isnull=True,
        ).order_by("starts_at")[:5],
        "sites": active_sites_at(community)[:10],
        "offerings": menu_offerings_at(community),
        "stewards": stewards_under(community)[:200],
    }
    return render(request, "portal/community.html", context)


@public_page
def announcements(request: HttpRequest, node_id: int) -> HttpResponse:
    """The announcements of a street or community, newest first, with its feeds."""
    node = Node.objects.filter(pk=node_id, kind__in=[NodeKind.STREET, NodeKind.COMMUNITY]).first()
    if node is None:
        raise Http404
    category = parse_query(AnnouncementsQuery, request)["category"]
    items = announcements_for(node)
    if category:
        items = items.filter(category=category)
    context = {
        "node": node,
        "items": items[:100],
        "categories": AnnouncementCategory.choices,
        "category": category,
    }
    return render(request, "portal/announcements.html", context)


@public_page
def announcement(request: HttpRequest, announcement_id: int) -> HttpResponse:
    item = announcements_published().select_related("node").filter(pk=announcement_id).first()
    if item is None:
        raise Http404
    return render(request, "portal/announcement.html", {"item": item})


def announcement_attachment(request: HttpRequest, announcement_id: int) -> FileResponse:
    item = announcements_published().filter(pk=announcement_id).exclude(attachment="").first()
    if item is None:
        raise Http404
    return upload_response(item.attachment.open("rb"), filename=item.attachment.name)


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


def public_media(request: HttpRequest, path: str) -> HttpResponse:
    """Serve an upload the public may see (site photos, notice attachments) when SERVE_MEDIA is
    on; in production the web server in front serves the same folders itself (deploy/nginx.conf).

    The path arrives decoded; one that is not plainly under a public folder (any '..', '.', '//',
    backslash, NUL, leftover '%', Unicode look-alike) is not found, so no private file is reached
    through it. Pictures are shown, anything else is a download, and nothing may run."""
    if not settings.SERVE_MEDIA:
        raise Http404
    found = public_media_path(path, settings.MEDIA_ROOT, tuple(settings.PUBLIC_MEDIA_PREFIXES))
    if found is None:
        raise Http404
    return upload_response(found.open("rb"), filename=found.name, inline=True)
