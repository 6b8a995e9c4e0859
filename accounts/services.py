"""Writes to accounts."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from grids.models import Node

from .models import Role, User

# The roles that work in the browser admin; district staff compare and decide on their own
# pages, outside it.
BACK_OFFICE_ROLES = frozenset({Role.STREET_STAFF, Role.COMMUNITY_SECRETARY})


def staff_flag_for(role: str) -> bool:
    """Return whether a role works in the browser admin."""
    return role in BACK_OFFICE_ROLES


@transaction.atomic
def account_create(
    *,
    username: str,
    password: str | None,
    role: str,
    scope_node: Node | None = None,
    first_name: str = "",
    phone: str = "",
    email: str = "",
    unit: Any = None,
) -> User:
    """Create an account with its role and scope; back-office roles get admin access."""
    user = User(
        username=username,
        role=role,
        scope_node=scope_node,
        first_name=first_name,
        phone=phone,
        email=email,
        unit=unit,
        is_staff=staff_flag_for(role),
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    return user


@transaction.atomic
def account_save(*, user: User, by: User) -> User:
    """Save an account added or changed in the back office (its form has checked it): its
    admin access follows its role, and only a superuser grants more than that."""
    if not by.is_superuser:
        user.is_staff = staff_flag_for(user.role)
        user.is_superuser = False
    user.save()
    return user
