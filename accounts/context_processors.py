"""What every page's header says of the signed-in user: role and scope, and what they may open."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _

from .models import Role
from .scope import can_manage

SESSION_KEY = "who"


def who(request: HttpRequest) -> dict[str, object]:
    """Return the role and scope labels kept in the session (no query per page); they are made
    again when the account's role, unit or scope changed since."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    held = request.session.get(SESSION_KEY)
    if not isinstance(held, dict) or held.get("key") != _key(user):
        held = remember(request)
    role = held.get("role", "")
    if role in Role.values:
        label = str(Role(role).label)
    else:
        label = _("Administrator") if user.is_superuser else ""
    return {"who_role": label, "who_scope": held.get("scope", ""), "may_manage": can_manage(user)}


def _key(user) -> list:
    return [user.pk, user.role, user.unit_id, user.scope_node_id]


def remember(request: HttpRequest) -> dict[str, object]:
    """Keep the user's role and scope name in the session (at sign-in, or when they changed)."""
    user = request.user
    scope = ""
    if user.unit_id:
        scope = user.unit.name
    elif user.scope_node_id:
        scope = user.scope_node.name
    held = {"key": _key(user), "role": user.role, "scope": scope}
    request.session[SESSION_KEY] = held
    return held
