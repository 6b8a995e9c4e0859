"""Reactions to django.contrib.auth's signals."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from .context_processors import remember
from .models import User


def keep_who(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    """At sign-in, keep the role and scope labels the header shows, in the session."""
    if request is not None and hasattr(request, "session"):
        request.user = user
        remember(request)
        # A reset step begun on this browser before someone signed in is not theirs to finish.
        request.session.pop("sms_reset", None)
