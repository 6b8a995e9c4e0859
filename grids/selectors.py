"""Reads of the street hierarchy, with their joins chosen up front."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, QuerySet

from accounts.scope import scope_for
from organizations.models import PartyOrganization
from organizations.selectors import party_organization_counts, party_organizations_under

from .models import Node, NodeKind, Steward, in_subtree


def node_list(*, user: Any) -> QuerySet[Node]:
    """Return the nodes `user` may see, with parent and governance figures joined."""
    qs = Node.objects.select_related("parent").with_governance().order_by("tree_id", "lft")
    return scope_for(user).filter(qs)


def node_ancestors(node: Node) -> list[Node]:
    """Return the path from the street down to `node`'s parent."""
    return list(node.get_ancestors())


def stewards_under(node: Node) -> QuerySet[Steward]:
    """Return the stewards of every building in `node`'s subtree, in tree order."""
    return (
        Steward.objects.filter(in_subtree(node, "building"))
        .select_related("building", "building__parent")
        .order_by("building__lft")
    )


def default_street(slug: str = "") -> Node | None:
    """Return the street named by `slug`, or the first street when the slug is empty."""
    streets = Node.objects.streets().order_by("tree_id")
    if slug:
        return streets.filter(code=slug).first()
    return streets.first()


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
    """Return the figures a street office reports: nodes, grids, compounds, stewards, orgs."""
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
    }
