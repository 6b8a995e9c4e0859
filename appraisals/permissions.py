"""Who sees and runs an appraisal (404 for the rest, as elsewhere): the street's staff run it;
a community's secretary reads their units' rows; a unit's contact reads and reports on its
own; a published year is public."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.models import Role, User
from accounts.scope import can_manage, decides_for_street, scope_for
from grids.models import Node, NodeKind

from .models import Appraisal, AppraisalStatus, UnitAppraisal


def appraisals_for(user: User) -> QuerySet[Appraisal]:
    """Return the appraisals `user` works on: of their street for staff and secretaries (a
    secretary's community lies in it), of their unit's street for a unit's contact."""
    qs = Appraisal.objects.select_related("street")
    if can_manage(user):
        node = scope_for(user).node
        if node is None:
            return qs if user.is_superuser else qs.none()
        above = node.get_ancestors(include_self=True).filter(kind=NodeKind.STREET)
        below = scope_for(user).filter(Node.objects.filter(kind=NodeKind.STREET))
        return qs.filter(Q(street__in=above) | Q(street__in=below))
    if getattr(user, "is_authenticated", False) and user.role == Role.UNIT_CONTACT:
        return qs.filter(units__unit_id=user.unit_id).distinct()
    return qs.none()


def appraisal_get_for_user(user: User, appraisal_id: Any) -> Appraisal:
    try:
        return appraisals_for(user).get(pk=appraisal_id)
    except (Appraisal.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def may_run(user: User, appraisal: Appraisal) -> bool:
    """The street's staff open, weigh, score and publish."""
    return decides_for_street(user) and scope_for(user).contains(appraisal.street)


def unit_rows_for(user: User, appraisal: Appraisal) -> QuerySet[UnitAppraisal]:
    """Return the units' rows of `appraisal` that `user` reads: all for the street's staff,
    their community's for a secretary, their own for a unit's contact."""
    rows = appraisal.units.select_related("unit__community")
    if can_manage(user):
        return scope_for(user).filter(rows, "unit__community")
    if user.role == Role.UNIT_CONTACT:
        return rows.filter(unit_id=user.unit_id)
    return rows.none()


def unit_appraisal_get_for_user(user: User, row_id: Any) -> UnitAppraisal:
    """A unit's row of an appraisal: in scope for staff, its own for a contact; published rows
    for everyone else (a published year is public)."""
    rows = UnitAppraisal.objects.select_related("appraisal__street", "unit__community")
    if can_manage(user):
        rows = scope_for(user).filter(rows, "unit__community")
    elif getattr(user, "is_authenticated", False) and user.role == Role.UNIT_CONTACT:
        rows = rows.filter(Q(unit_id=user.unit_id) | Q(appraisal__status=AppraisalStatus.PUBLISHED))
    else:
        rows = rows.filter(appraisal__status=AppraisalStatus.PUBLISHED)
    try:
        return rows.get(pk=row_id)
    except (UnitAppraisal.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
