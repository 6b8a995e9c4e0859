"""Reads of party organisations."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count

from grids.models import in_subtree

from .models import PartyOrganization, PartyOrganizationKind

if TYPE_CHECKING:
    from grids.models import Node


def party_organizations_under(node: Node):
    """Return the party organisations attached anywhere in `node`'s subtree."""
    return PartyOrganization.objects.filter(in_subtree(node, "node"))


def party_organization_counts(*, under: Node) -> dict[str, int]:
    """Return how many party organisations of each kind sit in `under`'s subtree."""
    counts = dict.fromkeys(PartyOrganizationKind.values, 0)
    rows = party_organizations_under(under).values("kind").annotate(n=Count("id"))
    counts.update({row["kind"]: row["n"] for row in rows})
    return counts
