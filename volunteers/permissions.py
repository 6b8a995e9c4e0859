"""Who sees and runs what among volunteers; forbidden means 404, as elsewhere."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from accounts.models import Role
from accounts.scope import can_manage, scope_for

from .models import Activity, DualReport, Volunteer

if TYPE_CHECKING:
    from accounts.models import User


def volunteer_of(user: User) -> Volunteer | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Volunteer.objects.filter(user=user).select_related("community").first()


def volunteers_for(user: User) -> QuerySet[Volunteer]:
    qs = Volunteer.objects.select_related("community")
    return scope_for(user).filter(qs, "community") if can_manage(user) else qs.none()


def may_run_activity(user: User, activity: Activity) -> bool:
    """The back office in scope, or the contact of the organising unit."""
    if can_manage(user) and scope_for(user).contains(activity.node):
        return True
    return bool(
        getattr(user, "is_authenticated", False)
        and user.role == Role.UNIT_CONTACT
        and activity.organiser_unit_id
        and user.unit_id == activity.organiser_unit_id
    )


def may_see_unit_sheet(user: User, unit_id: int) -> bool:
    if can_manage(user):
        return True
    return (
        getattr(user, "is_authenticated", False)
        and user.role == Role.UNIT_CONTACT
        and user.unit_id == unit_id
    )


def reports_for(user: User) -> QuerySet[DualReport]:
    qs = DualReport.objects.select_related("volunteer", "unit", "community")
    return scope_for(user).filter(qs, "community") if can_manage(user) else qs.none()
