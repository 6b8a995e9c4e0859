"""社区工作台: a community secretary's workspace, scoped to the secretary's community."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from accounts.scope import scope_for, users_in_scope
from alliance.permissions import committees_visible_to, followups_visible_to
from alliance.selectors import community_month, items_by_light
from notifications.selectors import reminders_waiting
from pledges.permissions import review_queue
from pledges.selectors import lists_with_counts
from servicedesk.permissions import requests_for, wishes_for
from servicedesk.selectors import desk_queues
from volunteers.permissions import volunteers_for
from volunteers.selectors import community_queues

from ..access import for_role


@for_role(Role.COMMUNITY_SECRETARY)
def page(request: HttpRequest) -> HttpResponse:
    """This month's meeting, open items by light, the desk, pledges to verify, volunteers'
    registrations and hours, and reminders not delivered yet."""
    community = scope_for(request.user).node
    if community is None:
        return render(request, "workspace/no_scope.html")
    today = timezone.localdate()
    user = request.user
    reminders = reminders_waiting(users_in_scope(user))
    to_verify = lists_with_counts(review_queue(user))
    context = {
        "community": community,
        "today": today,
        **community_month(committees_visible_to(user), today),
        "lights": items_by_light(followups_visible_to(user), today),
        "desk": desk_queues(requests_for(user), wishes_for(user)),
        "to_verify": list(to_verify[:20]),
        "to_verify_count": to_verify.count(),
        "volunteers": community_queues(volunteers_for(user), community),
        "checkin_admin": reverse("admin:volunteers_checkin_changelist")
        + f"?community={community.pk}&status__exact=closed",
        "reminders": list(reminders[:20]),
        "reminder_count": reminders.count(),
    }
    return render(request, "workspace/community.html", context)
