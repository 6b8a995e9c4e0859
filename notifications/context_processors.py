from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .selectors import unread_count


def unread(request: HttpRequest) -> dict[str, Any]:
    """Give templates `unread_count`, the signed-in user's unread notifications.

    Lazy, so a page that never shows it runs no query; counted once per request however
    often a template reads it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_count": 0}
    cached = getattr(request, "_unread_count", None)
    if cached is None:
        cached = SimpleLazyObject(lambda: unread_count(user))
        request._unread_count = cached
    return {"unread_count": cached}
