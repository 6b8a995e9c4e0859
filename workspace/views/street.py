"""A street office's workspace: what waits on the street's decision."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from accounts.models import Role
from accounts.scope import scope_for
from alliance.permissions import (
    committees_visible_to,
    district_reports_visible_to,
    followups_visible_to,
)
from alliance.selectors import (
    committees_without_meeting,
    district_reports_open_first,
    escalations_open,
    grading_state,
)
from common.months import key, last_finished_month

from ..access import for_role


@for_role(Role.STREET_STAFF)
def page(request: HttpRequest) -> HttpResponse:
    """Escalations to decide, what the street reported up to the district (open first),
    last month's grading, communities whose meeting is late."""
    street = scope_for(request.user).node
    if street is None:
        return render(request, "workspace/no_scope.html")
    today = timezone.localdate()
    month = last_finished_month()
    committees = committees_visible_to(request.user)
    open_escalations = escalations_open(followups_visible_to(request.user))
    states = grading_state(committees, month)
    grading = [row for row in states if row["due"]]
    late = list(committees_without_meeting(committees, today))
    context = {
        "street": street,
        "today": today,
        "month": month,
        "month_key": key(month),
        "escalations": list(open_escalations[:50]),
        "escalation_count": open_escalations.count(),
        # At most a page of them: the district decides within weeks.
        "district_reports": list(
            district_reports_open_first(district_reports_visible_to(request.user))[:10]
        ),
        "grading": grading,
        "grading_done": sum(1 for row in grading if row["complete"]),
        "grading_not_due": len(states) - len(grading),
        "late": late,
    }
    return render(request, "workspace/street.html", context)
