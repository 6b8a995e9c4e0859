"""Signing in with the phone number in place of the user name (手机号登录)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from .models import User


def user_by_phone(phone: str) -> User | None:
    """Return the one active account with this phone number, or None (none, or several)."""
    phone = (phone or "").strip().replace(" ", "")
    if not phone.isdigit():
        return None
    matches = list(User.objects.filter(phone=phone, is_active=True)[:2])
    return matches[0] if len(matches) == 1 else None


class PhoneBackend(ModelBackend):
    """The password of the account whose phone number was typed as the user name.

    A phone shared by two accounts signs in neither (they use their user names), so a number
    never picks an account by chance. ModelBackend runs first: a user name that happens to be
    digits is still that user's.
    """

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if not username or not password:
            return None
        user = user_by_phone(username)
        if user is None:
            User().set_password(password)  # the same work as a real check: no timing tell
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
