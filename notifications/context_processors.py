import operator
from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject, new_method_proxy

from .selectors import unread_count


class LazyCount(SimpleLazyObject):
    """A number counted on first use: templates (and filters like `add`) read it as an int."""

    __int__ = new_method_proxy(int)
    __index__ = new_method_proxy(operator.index)
    __add__ = new_method_proxy(operator.add)
    __radd__ = new_method_proxy(lambda wrapped, other: other + wrapped)
    __ge__ = new_method_proxy(operator.ge)
    __le__ = new_method_proxy(operator.le)


def unread(request: HttpRequest) -> dict[str, Any]:
    """Give templates `unread_count`, the signed-in user's unread notifications.

    Lazy, so a page that never shows it runs no query; counted once per request however
    often a template reads it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_count": 0}
    cached = getattr(request, "_unread_count", None)
    if cached is None:
        cached = LazyCount(lambda: unread_count(user))
        request._unread_count = cached
    return {"unread_count": cached}
