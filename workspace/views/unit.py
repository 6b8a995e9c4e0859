"""我的单位: a member unit contact's workspace, scoped as the API scopes the contact."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from accounts.models import Role, User
from alliance.permissions import contact_unit_id, followups_visible_to
from alliance.selectors import items_by_light, unit_dashboard
from organizations.selectors import units_visible_to
from pledges.permissions import pledge_lists_for, projects_for
from pledges.selectors import lists_with_counts, unit_projects
from servicedesk.permissions import requests_for, wishes_for
from servicedesk.selectors import unit_claimed_wishes, unit_offers, unit_requests_waiting
from servicemap.selectors import sites_run_by
from summons.selectors import unit_open_calls
from volunteers.selectors import unit_score_sheet

from ..access import for_role


@for_role(Role.UNIT_CONTACT)
def page(request: HttpRequest) -> HttpResponse:
    """The unit's profile, menu, meetings, items, pledges, projects, requests, wishes, members'
    dual report and grades, each with the link where it is acted on."""
    unit_id = contact_unit_id(request.user)
    unit = (
        units_visible_to(request.user)
        .select_related("community")
        .prefetch_related(
            Prefetch("contacts", queryset=User.objects.filter(is_active=True).order_by("pk")),
            "party_organizations",
        )
        .filter(pk=unit_id)
        .first()
        if unit_id
        else None
    )
    if unit is None:
        return render(request, "workspace/no_unit.html")
    today = timezone.localdate()
    score_sheet = unit_score_sheet(unit, today.year)
    context = {
        **unit_dashboard(unit, today),
        "today": today,
        "year": today.year,
        "calls": unit_open_calls(unit.pk),
        "lights": items_by_light(followups_visible_to(request.user), today),
        "offers": list(unit_offers(unit)),
        "sites": list(sites_run_by(unit)),
        "pledge_lists": list(lists_with_counts(pledge_lists_for(request.user))),
        "projects": list(unit_projects(projects_for(request.user), unit)),
        "requests": list(unit_requests_waiting(requests_for(request.user), unit)),
        "wishes": list(unit_claimed_wishes(wishes_for(request.user), unit)[:20]),
        "score_sheet": score_sheet,
        "under_ten": sum(1 for row in score_sheet if row["under_ten"]),
    }
    return render(request, "workspace/unit.html", context)
