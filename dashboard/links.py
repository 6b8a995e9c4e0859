"""Where each figure comes from: the list behind it, filtered to the same month and place."""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

from django.urls import reverse

from alliance.models import MeetingStatus
from common.months import add_months, bounds
from grids.models import Node, NodeKind
from volunteers.models import CheckInStatus


def _admin(name: str, node: Node, **params: str) -> str:
    if node.kind == NodeKind.COMMUNITY:
        params["community"] = str(node.pk)
    return f"{reverse(f'admin:{name}_changelist')}?{urlencode(params)}"


def figure_links(node: Node, month: datetime.date) -> dict[str, str]:
    # Date-time fields get local midnight with its offset, date fields the plain date.
    start, end = bounds(month, month)
    first, after = start.isoformat(), end.isoformat()
    day_after = add_months(month, 1).isoformat()
    return {
        "meetings_held": _admin(
            "alliance_meeting",
            node,
            status__exact=MeetingStatus.HELD,
            starts_at__gte=first,
            starts_at__lt=after,
        ),
        "items_opened": _admin(
            "alliance_followup", node, created_at__gte=first, created_at__lt=after
        ),
        "items_closed": _admin(
            "alliance_followup", node, closed_at__gte=first, closed_at__lt=after
        ),
        "items_overdue": _admin(
            "alliance_followup", node, due_on__lt=day_after, closed_at__isnull="True"
        ),
        "items_escalated": _admin(
            "alliance_escalation", node, raised_at__gte=first, raised_at__lt=after
        ),
        "grades": _admin("alliance_evaluation", node, month=month.isoformat()),
        "pledges_due": reverse("pledges:board", args=[node.pk]),
        "requests_received": _admin(
            "servicedesk_servicerequest", node, created_at__gte=first, created_at__lt=after
        ),
        "requests_done": _admin(
            "servicedesk_servicerequest", node, closed_at__gte=first, closed_at__lt=after
        ),
        "wishes_done": _admin(
            "servicedesk_microwish", node, fulfilled_at__gte=first, fulfilled_at__lt=after
        ),
        "volunteer_hours": _admin(
            "volunteers_checkin",
            node,
            status__exact=CheckInStatus.APPROVED,
            checked_in_at__gte=first,
            checked_in_at__lt=after,
        ),
        "dual_reports": _admin("volunteers_dualreport", node, year=str(month.year)),
        "coverage": reverse("servicemap:coverage"),
    }
