"""Where each role lands after signing in: one workspace per role (workspace/views/<role>.py)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from accounts.models import Role

# Until each role's workspace page is written, the page it already had.
LANDING = {
    Role.STREET_STAFF: "dashboard:home",
    Role.COMMUNITY_SECRETARY: "alliance:home",
    Role.UNIT_CONTACT: "alliance:my-unit",
    Role.VOLUNTEER: "volunteers:me",
}


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Send the signed-in user to their role's workspace."""
    user = request.user
    if user.is_superuser and not user.role:
        return redirect("dashboard:home")
    return redirect(LANDING.get(user.role, "portal:home"))
