"""Who may import and which places their rows may name: hooks the accounts app fills.

exchange knows no domain app, roles and scope included (see README, "How the code is laid
out"), so it asks these hooks; accounts registers its own answers from `AccountsConfig.ready()`.
Until then nobody may manage imports and asking for a scope is an error, never "everything".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .columns import Scope

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser


def _nobody(user: AbstractBaseUser) -> bool:
    return False


def _unset_scope(user: AbstractBaseUser) -> Scope:
    raise RuntimeError("exchange.access: no scope hook registered (accounts fills it in ready())")


@dataclass
class _Hooks:
    can_manage: Callable[[Any], bool] = _nobody
    is_street_staff: Callable[[Any], bool] = _nobody
    scope_for: Callable[[Any], Scope] = _unset_scope


hooks = _Hooks()


def register(
    *,
    can_manage: Callable[[Any], bool],
    is_street_staff: Callable[[Any], bool],
    scope_for: Callable[[Any], Scope],
) -> None:
    """Set who works in the back office, who is street staff, and a user's scope."""
    hooks.can_manage = can_manage
    hooks.is_street_staff = is_street_staff
    hooks.scope_for = scope_for


def can_manage(user: AbstractBaseUser) -> bool:
    """Return whether `user` works in the back office (and so may see imports)."""
    return hooks.can_manage(user)


def is_street_staff(user: AbstractBaseUser) -> bool:
    """Return whether `user` is street staff (who alone import the street-only kinds)."""
    return hooks.is_street_staff(user)


def scope_for(user: AbstractBaseUser) -> Scope:
    """Return the part of the tree `user`'s rows may name."""
    return hooks.scope_for(user)
