"""The one place that decides what a user may see: a subtree of the street hierarchy.

Every admin page, HTML view and API endpoint narrows its queryset with `scope_for(user)`
and fetches user-supplied ids with `get_in_scope_or_404`, so an object outside the scope
answers exactly like one that does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from grids.models import Node, in_subtree
from grids.selectors import default_street

from .models import SCOPE_KIND, Role, User

M = TypeVar("M", bound=Model)

_CACHE_ATTR = "_alliance_scope"


@dataclass(frozen=True)
class Scope:
    """A subtree of the hierarchy (or everything, or nothing)."""

    node: Node | None = None
    everything: bool = False

    @property
    def is_empty(self) -> bool:
        return not self.everything and self.node is None

    def filter(self, queryset: QuerySet[M], path: str = "") -> QuerySet[M]:
        """Return `queryset` narrowed to objects whose node (reached by `path`) is in scope."""
        if self.everything:
            return queryset
        if self.node is None:
            return queryset.none()
        return queryset.filter(in_subtree(self.node, path))

    def contains(self, node: Node | None) -> bool:
        """Return whether `node` lies in the scope."""
        if self.everything:
            return True
        if self.node is None or node is None:
            return False
        return (
            node.tree_id == self.node.tree_id
            and self.node.lft <= node.lft
            and node.rght <= self.node.rght
        )


def scope_for(user: User) -> Scope:
    """Return the scope of `user`, computed once per request-bound user object."""
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    scope = _compute_scope(user)
    if getattr(user, "pk", None) is not None:
        setattr(user, _CACHE_ATTR, scope)
    return scope


def _compute_scope(user: User) -> Scope:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Scope()
    if user.is_superuser:
        return Scope(everything=True)
    if user.role not in SCOPE_KIND or user.scope_node_id is None:
        return Scope()
    # Read the node afresh: its lft/rght move whenever the tree changes.
    node = Node.objects.filter(pk=user.scope_node_id).first()
    return Scope(node=node)


def can_manage(user: User) -> bool:
    """Return whether `user` works in the back office (street staff, secretaries, superusers)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or (
        user.is_staff and user.role in (Role.STREET_STAFF, Role.COMMUNITY_SECRETARY)
    )


def decides_for_street(user: User) -> bool:
    """Return whether `user` takes the street's decisions (grades, escalation decisions):
    street staff and superusers, never a community secretary."""
    return can_manage(user) and (user.is_superuser or user.role == Role.STREET_STAFF)


def oversees_district(user: User) -> bool:
    """Return whether `user` watches a district's streets (district staff, superusers): they
    compare the streets and decide what the streets report up, outside the back office."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or (
        user.role == Role.DISTRICT_STAFF and user.scope_node_id is not None
    )


def get_or_404(queryset: QuerySet[M], pk: Any) -> M:
    """Return the object `pk` of an already narrowed queryset, or raise Http404 (also for a
    malformed id from a form, which a plain get() would turn into an error 500)."""
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def get_in_scope_or_404(user: User, queryset: QuerySet[M], path: str = "", **lookup: Any) -> M:
    """Return the one object matching `lookup` inside the user's scope, or raise Http404.

    A missing object and a forbidden one raise the same error.
    """
    try:
        return scope_for(user).filter(queryset, path).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def place_for(user: User, wanted: Any = None) -> Node:
    """The place a back-office page is about: the node `wanted` (an id) when it lies in the
    user's scope, else the whole scope. PermissionDenied for users outside the back office,
    Http404 for a place outside the scope, as if it did not exist."""
    if not can_manage(user):
        raise PermissionDenied
    scope = scope_for(user)
    if wanted not in (None, ""):
        wanted = str(wanted)
        # isdigit() alone takes "²" and other digits int() refuses.
        node = (
            Node.objects.filter(pk=wanted).first()
            if wanted.isascii() and wanted.isdigit()
            else None
        )
        if node is None or not scope.contains(node):
            raise Http404
        return node
    node = scope.node or default_street()
    if node is None:
        raise Http404
    return node


def users_in_scope(user: User) -> QuerySet[User]:
    """Return the accounts `user` may pick in a form: those scoped inside their subtree and
    the contacts of units there. Never every account (a volunteer's username is a phone
    number), never a superuser for anyone but a superuser."""
    users = User.objects.order_by("username")
    scope = scope_for(user)
    if scope.everything:
        return users
    if scope.node is None:
        return users.none()
    return users.filter(is_superuser=False).filter(
        in_subtree(scope.node, "scope_node") | in_subtree(scope.node, "unit__community")
    )


def assistant_check(by: User, place: Node) -> None:
    """Refuse to file a record on a resident's behalf (代办) unless `by` works in the back
    office and `place` lies in their scope: a secretary files for their own community, street
    staff for the whole street."""
    if not can_manage(by) or not scope_for(by).contains(place):
        raise PermissionDenied(
            _("Only the staff of the resident's community or street file on their behalf.")
        )
