"""Who may see, edit, review and rate pledges and projects (404 for the forbidden, as elsewhere)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.module_loading import import_string

from accounts.models import Role
from accounts.scope import can_manage, scope_for

from .models import Contribution, ListStatus, PledgeList, PledgerKind, Project

if TYPE_CHECKING:
    from accounts.models import User


def _unit_id(user: User) -> int | None:
    if (
        getattr(user, "is_authenticated", False)
        and user.is_active
        and user.role == Role.UNIT_CONTACT
    ):
        return user.unit_id
    return None


def pledge_lists_for(user: User) -> QuerySet[PledgeList]:
    """Return the lists `user` works on: in scope for staff, its own unit's for a contact."""
    qs = PledgeList.objects.select_related("node", "unit")
    if can_manage(user):
        return scope_for(user).filter(qs, "node")
    unit_id = _unit_id(user)
    return qs.filter(unit_id=unit_id) if unit_id else qs.none()


def pledge_list_get_for_user(user: User, list_id: Any) -> PledgeList:
    try:
        return pledge_lists_for(user).get(pk=list_id)
    except (PledgeList.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def may_review(user: User, pledge_list: PledgeList) -> bool:
    """Review by the level above: the community for units and compounds, the street otherwise."""
    if not can_manage(user) or not scope_for(user).contains(pledge_list.node):
        return False
    if user.is_superuser or user.role == Role.STREET_STAFF:
        return True
    below_community = pledge_list.pledger_kind in (
        PledgerKind.UNIT,
        PledgerKind.BRANCH,
        PledgerKind.OWNERS_COMMITTEE,
    )
    return user.role == Role.COMMUNITY_SECRETARY and below_community


def review_queue(user: User) -> QuerySet[PledgeList]:
    """Return the submitted lists `user` may review."""
    qs = pledge_lists_for(user).filter(status=ListStatus.SUBMITTED)
    if can_manage(user) and user.role == Role.COMMUNITY_SECRETARY and not user.is_superuser:
        qs = qs.exclude(pledger_kind__in=[PledgerKind.COMMUNITY, PledgerKind.STREET])
    return qs


def may_edit(user: User, pledge_list: PledgeList) -> bool:
    """The pledger edits: a unit contact its unit's list; staff the lists in their scope."""
    if pledge_list.unit_id:
        return _unit_id(user) == pledge_list.unit_id or (
            can_manage(user) and scope_for(user).contains(pledge_list.node)
        )
    return can_manage(user) and scope_for(user).contains(pledge_list.node)


def projects_for(user: User) -> QuerySet[Project]:
    """Return the projects `user` sees: in scope, or those its unit leads or gives to."""
    qs = Project.objects.all()
    if can_manage(user):
        return scope_for(user).filter(qs, "node")
    unit_id = _unit_id(user)
    if unit_id:
        return qs.filter(
            Q(lead_unit_id=unit_id) | Q(contributions__unit_id=unit_id) | Q(node__units__pk=unit_id)
        ).distinct()
    return qs.none()


def project_get_for_user(user: User, project_id: Any) -> Project:
    try:
        return projects_for(user).get(pk=project_id)
    except (Project.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def contribution_get_for_user(user: User, contribution_id: Any) -> Contribution:
    """Return a contribution of a project `user` sees; 404 for the rest and for the missing."""
    try:
        return Contribution.objects.select_related("project").get(
            pk=contribution_id, project__in=projects_for(user).values("pk")
        )
    except (Contribution.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def rater_verified(request: Any) -> bool:
    """Return whether PLEDGE_RATING_VERIFIER (if set) lets this request's rating through; the
    page and the API ask the same hook."""
    if not settings.PLEDGE_RATING_VERIFIER:
        return True
    return bool(import_string(settings.PLEDGE_RATING_VERIFIER)(request))
