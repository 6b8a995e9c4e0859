"""Signing in with the phone number in place of the user name (手机号登录)."""

from __future__ import annotations

import re
from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from .models import User

# A mainland mobile number, exactly: no spaces, no +86, ASCII digits only. Anything else typed
# is a user name, so one account has one spelling (and one lock-out counter) per way in.
MOBILE = re.compile(r"1[0-9]{10}")


def user_by_phone(phone: str) -> User | None:
    """Return the one active account with this mobile number, or None (none, or several)."""
    phone = (phone or "").strip()
    if not MOBILE.fullmatch(phone):
        return None
    matches = list(User.objects.filter(phone=phone, is_active=True)[:2])
    return matches[0] if len(matches) == 1 else None


def axes_username(request: HttpRequest | None, credentials: dict | None = None) -> str:
    """The name django-axes counts failures under (AXES_USERNAME_CALLABLE): a typed mobile
    number that belongs to an account counts as that account's user name, so trying the phone
    and the user name in turn does not double the tries."""
    typed = None
    if credentials:
        typed = credentials.get("username")
    if typed is None and request is not None:
        data = getattr(request, "data", None) or request.POST
        typed = data.get("username")
    typed = (typed or "").strip()
    user = user_by_phone(typed)
    return user.get_username() if user is not None else typed


class PhoneBackend(ModelBackend):
    """The password of the account whose mobile number was typed as the user name.

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
        if not username or not password or not MOBILE.fullmatch(username.strip()):
            return None
        user = user_by_phone(username)
        if user is None:
            User().set_password(password)  # the same work as a real check: no timing tell
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
