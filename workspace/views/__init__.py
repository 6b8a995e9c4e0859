"""Where each role lands after signing in: one workspace per role (workspace/views/<role>.py)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from accounts.models import Role

LANDING = {
    Role.DISTRICT_STAFF: "dashboard:district",
    Role.STREET_STAFF: "workspace:street",
    Role.COMMUNITY_SECRETARY: "workspace:community",
    Role.UNIT_CONTACT: "workspace:unit",
    Role.VOLUNTEER: "workspace:volunteer",
}


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Send the signed-in user to their role's workspace."""
    user = request.user
    if user.is_superuser and not user.role:
        return redirect("dashboard:home")
    return redirect(LANDING.get(user.role, "portal:home"))
