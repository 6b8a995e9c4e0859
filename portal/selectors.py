"""Reads of the public site's content."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone

from grids.models import Node

from .models import Announcement


def announcements_published() -> QuerySet[Announcement]:
    """Return the announcements whose publication time has come: one scheduled for later is
    not shown anywhere, its own URL and its attachment included, until then."""
    return Announcement.objects.filter(published_at__lte=timezone.now())


def announcements_for(node: Node) -> QuerySet[Announcement]:
    """Return the published announcements that concern `node`: its own, its ancestors' (the
    street's reach every community) and those for places below it."""
    ancestors = node.get_ancestors(include_self=True)
    below = Q(node__tree_id=node.tree_id, node__lft__gt=node.lft, node__rght__lt=node.rght)
    return (
        announcements_published()
        .filter(Q(node__in=ancestors) | below)
        .select_related("node")
        .order_by("-published_at", "-pk")
    )
