"""Reads of party organisations."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Count

from grids.models import in_subtree

from .models import PartyOrganization, PartyOrganizationKind, Unit

if TYPE_CHECKING:
    from grids.models import Node


def party_organizations_under(node: Node, *, include_units: bool = False):
    """Return the party organisations of the hierarchy in `node`'s subtree.

    Member units' own organisations sit in the subtree too, but report to their units'
    superiors; they are left out unless `include_units`.
    """
    qs = PartyOrganization.objects.filter(in_subtree(node, "node"))
    return qs if include_units else qs.filter(unit__isnull=True)


def party_organization_counts(*, under: Node) -> dict[str, int]:
    """Return how many party organisations of each kind sit in `under`'s subtree."""
    counts = dict.fromkeys(PartyOrganizationKind.values, 0)
    rows = party_organizations_under(under).values("kind").annotate(n=Count("id"))
    counts.update({row["kind"]: row["n"] for row in rows})
    return counts


def units_on_street(street: Node):
    """The street's member units still in the alliance (those that left are not offered)."""
    return Unit.objects.filter(community__tree_id=street.tree_id, left_on__isnull=True)


def unit_matches(street: Node, text: str, limit: int = 10) -> list[Unit]:
    """Up to `limit` units of the street whose name holds `text`, whole names first."""
    text = text.strip()
    if not text:
        return []
    units = units_on_street(street)
    exact = list(units.filter(name__iexact=text)[:limit])
    if exact:
        return exact
    return list(units.filter(name__icontains=text).order_by("name")[:limit])


def units_visible_to(user: Any):
    """Return the member units `user` may see: in scope, or a unit contact's own unit."""
    from accounts.models import Role
    from accounts.scope import can_manage, scope_for

    if can_manage(user):
        return scope_for(user).filter(Unit.objects.all(), "community")
    if getattr(user, "is_authenticated", False) and user.role == Role.UNIT_CONTACT and user.unit_id:
        return Unit.objects.filter(pk=user.unit_id)
    return Unit.objects.none()
