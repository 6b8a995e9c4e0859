"""Reads of party organisations."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, QuerySet

from accounts.models import Role, User
from accounts.scope import scope_for
from common.queries import counts_by
from grids.models import Node, NodeKind, in_subtree
from grids.selectors import stewards_under

from .models import NON_PUBLIC_KINDS, PartyOrganization, PartyOrganizationKind, Unit, UnitKind


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
    return Unit.objects.filter(in_subtree(street, "community"), left_on__isnull=True)


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


def units_visible_to(user: User):
    """Return the member units `user` may see: in scope, or a unit contact's own unit."""
    from accounts.models import Role
    from accounts.scope import can_manage, scope_for

    if can_manage(user):
        return scope_for(user).filter(Unit.objects.all(), "community")
    if getattr(user, "is_authenticated", False) and user.role == Role.UNIT_CONTACT and user.unit_id:
        return Unit.objects.filter(pk=user.unit_id)
    return Unit.objects.none()


# The tree read with what sits above it: the user's scope and the party organisations.


def node_list(*, user: User) -> QuerySet[Node]:
    """Return the nodes `user` may see, with parent and governance figures joined."""
    qs = Node.objects.select_related("parent").with_governance().order_by("tree_id", "lft")
    return scope_for(user).filter(qs)


@dataclass
class CommunityOverview:
    community: Node
    zone: Node | None
    party_organizations: list[PartyOrganization]
    figures: Counter = field(default_factory=Counter)


def street_overview(street: Node) -> list[CommunityOverview]:
    """Return the street's communities with their party organisations and counts below them.

    Three queries whatever the size of the street: communities with their organisations, and
    one pass over the kinds of every node below.
    """
    communities = list(
        Node.objects.communities()
        .under(street)
        .select_related("parent")
        .prefetch_related(
            Prefetch(
                "party_organizations",
                queryset=PartyOrganization.objects.filter(unit__isnull=True).order_by(
                    "kind", "name"
                ),
            )
        )
        .order_by("lft")
    )
    overviews = [
        CommunityOverview(
            community=c,
            zone=c.parent if c.parent.kind == NodeKind.ZONE else None,
            party_organizations=list(c.party_organizations.all()),
        )
        for c in communities
    ]
    if not overviews:
        return overviews
    rows = (
        Node.objects.under(street, include_self=False)
        .exclude(kind__in=[NodeKind.ZONE, NodeKind.COMMUNITY])
        .values_list("lft", "kind")
        .order_by("lft")
    )
    index = 0
    for lft, kind in rows:
        while index < len(overviews) and overviews[index].community.rght < lft:
            index += 1
        if index < len(overviews) and overviews[index].community.lft < lft:
            overviews[index].figures[kind] += 1
    return overviews


def street_figures(street: Node) -> dict[str, Any]:
    """Return the figures a street office reports of its tree and units: nodes, grids,
    compounds, stewards, party organisations, member units and their ratings."""
    nodes = Node.objects.under(street)
    by_kind = Counter(dict.fromkeys(NodeKind.values, 0))
    by_kind.update(nodes.values_list("kind", flat=True))
    grid_levels = Counter(nodes.grids().values_list("grid_level", flat=True))
    compounds = nodes.compounds().with_governance()
    with_branch = compounds.filter(branch_count__gt=0).count()
    return {
        "street": street.name,
        "code": street.code,
        "nodes_by_kind": dict(by_kind),
        "grids_by_level": {str(level): grid_levels.get(level, 0) for level in (1, 2, 3)},
        "compounds_with_branch": with_branch,
        "compounds_without_branch": by_kind[NodeKind.COMPOUND] - with_branch,
        "three_none_compounds": nodes.three_none().count(),
        "stewards": stewards_under(street).count(),
        "party_organizations_by_kind": party_organization_counts(under=street),
        "unit_party_organizations": party_organizations_under(street, include_units=True)
        .filter(unit__isnull=False)
        .count(),
        "compounds_with_branch_and_owners_committee": compounds.filter(
            branch_count__gt=0, has_owners_committee=True
        ).count(),
        "resident_party_members": street.resident_party_members or 0,
        **unit_figures(street),
    }


def unit_figures(street: Node) -> dict[str, Any]:
    """The street's member units by kind, and which of them carry stars or a credit grade."""
    units = Unit.objects.filter(in_subtree(street, "community"))
    by_kind = counts_by(units, "kind", UnitKind.values)
    rated = units.filter(ratings__isnull=False).distinct()
    return {
        "units": sum(by_kind.values()),
        "units_by_kind": by_kind,
        "rated_units": rated.count(),
        "rated_public_units": rated.exclude(kind__in=NON_PUBLIC_KINDS).count(),
    }


def unit_contacts(unit_ids: Iterable[int]) -> QuerySet[User]:
    """The active contact accounts of the units: whom a notice to a unit reaches."""
    return User.objects.filter(
        unit_id__in=set(unit_ids), role=Role.UNIT_CONTACT, is_active=True
    ).order_by("pk")
