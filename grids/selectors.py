"""Reads of the street hierarchy, with their joins chosen up front."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import Node, Steward, in_subtree


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
    streets = Node.objects.streets().order_by("tree_id", "lft")
    if slug:
        return streets.filter(code=slug).first()
    return streets.first()


def compounds_of(community: Node) -> QuerySet[Node]:
    """Return the residential compounds in `community`, in tree order, with their parents (a
    compound is labelled by its grid)."""
    return (
        Node.objects.compounds()
        .filter(in_subtree(community, include_self=False))
        .select_related("parent")
        .order_by("lft")
    )


def buildings_of(compound: Node) -> QuerySet[Node]:
    """Return the buildings of `compound`, in tree order."""
    return (
        Node.objects.buildings()
        .filter(in_subtree(compound, include_self=False))
        .select_related("parent")
        .order_by("lft")
    )
