"""Who may see, edit, review and rate pledges and projects (404 for the forbidden, as elsewhere)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.module_loading import import_string

from accounts.models import Role
from accounts.scope import can_manage, scope_for
from grids.models import Node, in_subtree
from organizations.models import Unit
from servicedesk.selectors import units_offering

from .models import Contribution, ListStatus, Need, PledgeList, PledgerKind, Project, Resource

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
            Q(lead_unit_id=unit_id)
            | Q(contributions__unit_id=unit_id)
            | Q(node__units__pk=unit_id)
            | Q(resources__unit_id=unit_id)
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


def _street_of(node: Node) -> Node:
    return node.street_node() or node


def needs_for(user: User) -> QuerySet[Need]:
    """Return the needs `user` works on: in scope for staff; for a unit's contact, those of
    the unit's street (the lists are public, and any unit of the street may offer)."""
    qs = Need.objects.select_related("community", "place")
    if can_manage(user):
        return scope_for(user).filter(qs, "community")
    unit_id = _unit_id(user)
    if unit_id:
        street = _street_of(user.unit.community)
        return qs.filter(in_subtree(street, "community"))
    return qs.none()


def need_get_for_user(user: User, need_id: Any) -> Need:
    try:
        return needs_for(user).get(pk=need_id)
    except (Need.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def resources_for(user: User) -> QuerySet[Resource]:
    """Return the resources `user` may change: of the units in scope for staff, of their own
    unit for a unit's contact."""
    qs = Resource.objects.select_related("unit__community")
    if can_manage(user):
        return scope_for(user).filter(qs, "unit__community")
    unit_id = _unit_id(user)
    return qs.filter(unit_id=unit_id) if unit_id else qs.none()


def resource_get_for_user(user: User, resource_id: Any) -> Resource:
    try:
        return resources_for(user).get(pk=resource_id)
    except (Resource.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def units_to_match(user: User, need: Need) -> QuerySet[Unit]:
    """Return the member units staff may put on a need's project: of the units of the need's
    street in their scope, those of the need's community and those whose resources or menu
    answer it; and any unit of the street that offered itself."""
    street = _street_of(need.community)
    units = Unit.objects.filter(in_subtree(street, "community"), left_on__isnull=True)
    mine = scope_for(user).filter(units, "community") if can_manage(user) else units.none()
    fitting = mine.filter(
        Q(community=need.community)
        | Q(resources__active=True, resources__category=need.category)
        | Q(pk__in=units_offering(need.category))
    )
    offered = units.filter(need_offers__need=need)
    return (
        Unit.objects.filter(Q(pk__in=fitting.values("pk")) | Q(pk__in=offered.values("pk")))
        .select_related("community")
        .order_by("community__lft", "name")
    )


def units_for_resources(user: User) -> QuerySet[Unit]:
    """Return the units whose resources `user` keeps: its own unit for a unit's contact, the
    units in scope for staff."""
    unit_id = _unit_id(user)
    if unit_id:
        return Unit.objects.filter(pk=unit_id)
    if not can_manage(user):
        return Unit.objects.none()
    return scope_for(user).filter(Unit.objects.all(), "community").order_by("name")
