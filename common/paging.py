"""Long lists in pages: the page asked for (404 past the end) and the links to its neighbours,
keeping the list's other query parameters."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.paginator import EmptyPage, Page, Paginator
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Pager:
    page: Page
    previous_url: str
    next_url: str


def paginate(
    request: HttpRequest, items: Any, number: int | None, per_page: int, param: str = "page"
) -> Pager:
    """Return page `number` (1 if None) of `items`; Http404 past the last page. `number` comes
    from the view's query form, so it is already a positive whole number."""
    try:
        page = Paginator(items, per_page).page(number or 1)
    except EmptyPage as exc:
        raise Http404(_("There is no page %(n)s of this list.") % {"n": number}) from exc

    def url(n: int) -> str:
        query = request.GET.copy()
        query[param] = str(n)
        return f"?{query.urlencode()}"

    return Pager(
        page=page,
        previous_url=url(page.previous_page_number()) if page.has_previous() else "",
        next_url=url(page.next_page_number()) if page.has_next() else "",
    )
