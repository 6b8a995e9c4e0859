"""Who sees which summons: the staff of the place that raised it (street staff see their
street's), and the contacts of the units it called. Everything else answers 404."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from accounts.models import Role, User
from accounts.scope import can_manage, get_or_404, scope_for

from .models import Summons, SummonsCall


def summons_visible_to(user: User) -> QuerySet[Summons]:
    if can_manage(user):
        return scope_for(user).filter(Summons.objects.all(), "node")
    if getattr(user, "role", None) == Role.UNIT_CONTACT and user.unit_id:
        return Summons.objects.filter(calls__unit_id=user.unit_id)
    return Summons.objects.none()


def summons_or_404(user: User, summons_id: Any) -> Summons:
    return get_or_404(summons_visible_to(user).select_related("node", "raised_by"), summons_id)


def may_run(user: User, summons: Summons) -> bool:
    """Whether `user` raises, closes and escalates this summons (staff of its place)."""
    return can_manage(user) and scope_for(user).contains(summons.node)


def own_call(user: User, summons: Summons) -> SummonsCall | None:
    """The call of the contact's unit on this summons, if it was called."""
    if getattr(user, "role", None) != Role.UNIT_CONTACT or not user.unit_id:
        return None
    return summons.calls.filter(unit_id=user.unit_id).select_related("unit").first()
