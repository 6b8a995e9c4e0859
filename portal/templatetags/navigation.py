from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from ..navigation import BARS

register = template.Library()


@register.inclusion_tag("portal/navigation.html", takes_context=True)
def navigation(context: template.Context, name: str) -> dict[str, Any]:
    """Render the bar `name` of portal.navigation.BARS with the links the user sees; the
    current page's link says so (aria-current)."""
    bar = BARS[name]
    request = context.get("request")
    user = context.get("user") or getattr(request, "user", None)
    path = getattr(request, "path", "")
    links = []
    for entry in bar.entries:
        if entry.shown_to(user):
            url = reverse(entry.url_name)
            links.append({"url": url, "label": entry.label, "current": url == path})
    return {"bar": bar, "links": links}
