"""Fetch-and-check helpers for the hierarchy: a forbidden node is a missing node."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied

from accounts.scope import can_manage, get_in_scope_or_404
from grids.models import Node, Steward

if TYPE_CHECKING:
    from accounts.models import User


def node_get_for_user(user: User, node_id: Any) -> Node:
    """Return the node `node_id` if `user` may see it; raise Http404 otherwise."""
    return get_in_scope_or_404(user, Node.objects.all(), pk=node_id)


def steward_get_for_user(user: User, steward_id: Any) -> Steward:
    """Return the steward `steward_id` if `user` may see the building; raise Http404 otherwise."""
    queryset = Steward.objects.select_related("building", "building__parent")
    return get_in_scope_or_404(user, queryset, "building", pk=steward_id)


def require_back_office(user: User) -> None:
    """Raise PermissionDenied unless `user` works in the back office."""
    if not can_manage(user):
        raise PermissionDenied
