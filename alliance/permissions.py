"""Who may see and run what in the alliance. Forbidden objects answer 404, like missing ones.

Back-office users (street staff, community secretaries) reach what lies in their scope.
Unit contacts reach their own unit's meetings, items, rota and grades.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from accounts.models import Role
from accounts.scope import (
    can_manage,
    decides_for_street,
    get_or_404,
    oversees_district,
    scope_for,
)

from .models import Committee, DistrictReport, FollowUp, Meeting

if TYPE_CHECKING:
    from accounts.models import User


def contact_unit_id(user: User) -> int | None:
    """Return the unit a unit contact speaks for, or None."""
    if (
        getattr(user, "is_authenticated", False)
        and user.is_active
        and user.role == Role.UNIT_CONTACT
    ):
        return user.unit_id
    return None


def committees_visible_to(user: User) -> QuerySet[Committee]:
    qs = Committee.objects.select_related("node")
    if can_manage(user):
        return scope_for(user).filter(qs, "node")
    unit_id = contact_unit_id(user)
    if unit_id:
        return qs.filter(Q(node__units__pk=unit_id) | Q(members__unit_id=unit_id)).distinct()
    return qs.none()


def meetings_visible_to(user: User) -> QuerySet[Meeting]:
    qs = Meeting.objects.all()
    if can_manage(user):
        return scope_for(user).filter(qs, "committee__node")
    unit_id = contact_unit_id(user)
    if unit_id:
        return qs.filter(Q(attendance__unit_id=unit_id) | Q(convener_id=unit_id)).distinct()
    return qs.none()


def followups_visible_to(user: User) -> QuerySet[FollowUp]:
    qs = FollowUp.objects.all()
    if can_manage(user):
        return scope_for(user).filter(qs, "meeting__committee__node")
    if oversees_district(user):
        # The district reads the items its streets reported to it, no others.
        return scope_for(user).filter(
            qs.filter(district_report__isnull=False), "meeting__committee__node"
        )
    unit_id = contact_unit_id(user)
    if unit_id:
        return qs.filter(owner_id=unit_id)
    return qs.none()


def committee_get_for_user(user: User, committee_id: Any) -> Committee:
    return get_or_404(committees_visible_to(user), committee_id)


def meeting_get_for_user(user: User, meeting_id: Any) -> Meeting:
    return get_or_404(
        meetings_visible_to(user).select_related("committee__node", "convener"), meeting_id
    )


def followup_get_for_user(user: User, item_id: Any) -> FollowUp:
    return get_or_404(
        followups_visible_to(user).select_related("owner", "meeting__committee__node"), item_id
    )


def may_run(user: User, committee: Committee) -> bool:
    """Return whether `user` runs the committee's meetings (back office, in scope)."""
    return can_manage(user) and scope_for(user).contains(committee.node)


def require_run(user: User, committee: Committee) -> None:
    if not may_run(user, committee):
        raise PermissionDenied


def district_reports_visible_to(user: User) -> QuerySet[DistrictReport]:
    """The district's staff: what their streets reported to them. The back office: the reports
    of the items in their scope. A unit's contact: those of its own items."""
    qs = DistrictReport.objects.all()
    if oversees_district(user) and not can_manage(user):
        return scope_for(user).filter(qs, "district")
    if can_manage(user):
        return scope_for(user).filter(qs, "followup__meeting__committee__node")
    unit_id = contact_unit_id(user)
    if unit_id:
        return qs.filter(followup__owner_id=unit_id)
    return qs.none()


def may_report_to_district(user: User, item: FollowUp) -> bool:
    """Street staff (and superusers) in scope report the street's items up to the district."""
    return decides_for_street(user) and scope_for(user).contains(item.meeting.committee.node)


def may_decide_for_district(user: User, item: FollowUp) -> bool:
    """District staff (and superusers) decide the open reports of their district's streets."""
    report = getattr(item, "district_report", None)
    return (
        report is not None
        and report.is_open
        and oversees_district(user)
        and scope_for(user).contains(report.district)
    )


def may_handle_escalations(user: User) -> bool:
    """Street staff (and superusers) decide escalations and grade (the admin asks the same)."""
    return decides_for_street(user)
