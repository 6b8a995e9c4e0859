"""我的志愿: a volunteer's workspace."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from accounts.models import Role
from volunteers.permissions import volunteer_of
from volunteers.selectors import volunteer_overview

from ..access import for_role


@for_role(Role.VOLUNTEER)
def page(request: HttpRequest) -> HttpResponse:
    """Profile, teams, sign-ups and activities to join, check-ins, hours, points, dual report."""
    volunteer = volunteer_of(request.user)
    if volunteer is None:
        return render(request, "workspace/no_volunteer.html")
    context = {"volunteer": volunteer, **volunteer_overview(volunteer, timezone.now())}
    return render(request, "workspace/volunteer.html", context)
