"""Public pages kept rendered for a minute, for the visitors who bring no cookie.

A resident who opens the portal from a link or a QR code brings no cookie: no session, no chosen
language. Such a visitor sees a public page exactly as every other one does, so the portal keeps
each marked page rendered (`@public_page`) for PUBLIC_PAGE_SECONDS and answers the next such
visitor from the cache, without the page's queries or its template.

What is kept, and for whom:
- only views marked `@public_page`, only a GET without any cookie, and only a 200 that sets no
  cookie and is not private. A page with a form sets the CSRF cookie, so it is never kept; a
  signed-in user always brings a cookie, so never sees a kept page;
- a view marked `@public_page(with_query=False)` is kept only when the URL has no query string
  (the map page is kept, a walk search from it is worked out each time).

Freshness: any change made through the site (a POST, PUT, PATCH or DELETE answered without an
error, the admin's and the API's included) starts a new generation of kept pages, so the next
visitor sees the change at once. A view marked `@changes_no_public_page` (the language switch,
which sets only the visitor's own cookie) does not: otherwise every visitor who picks a language
would empty the cache for everyone. A change made elsewhere (a Celery task, a management command)
shows within PUBLIC_PAGE_SECONDS. PUBLIC_PAGE_SECONDS = 0 keeps nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve

GENERATION_KEY = "public-pages:generation"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


def public_page(view: Callable | None = None, *, with_query: bool = True) -> Any:
    """Mark a view whose answer to a visitor without cookies may be kept (see the module)."""

    def mark(function: Callable) -> Callable:
        function.public_page = {"with_query": with_query}
        return function

    return mark(view) if view is not None else mark


def changes_no_public_page(view: Callable) -> Callable:
    """Mark a view whose POST changes nothing any public page shows (see the module)."""
    view.changes_no_public_page = True
    return view


def _changes_public_pages(request: HttpRequest) -> bool:
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return True
    return not getattr(match.func, "changes_no_public_page", False)


def generation() -> int:
    """How many generations of changes through the site there have been (see the module): a
    result kept under a key holding it is dropped by the next change."""
    return cache.get(GENERATION_KEY, 0)


def new_generation() -> None:
    """Make every kept page stale: the next visitor of each gets it rendered afresh."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # no generation yet (or the cache was flushed)
        cache.set(GENERATION_KEY, 1, None)


def _marked(request: HttpRequest) -> bool:
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    mark = getattr(match.func, "public_page", None)
    if mark is None:
        return False
    return mark["with_query"] or not request.META.get("QUERY_STRING")


def _key(request: HttpRequest) -> str:
    where = f"{request.get_host()}{request.get_full_path()}".encode()
    return f"public-page:{hashlib.sha256(where).hexdigest()}"


def _keepable(response: HttpResponse) -> bool:
    control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in control
        and "no-store" not in control
        and "no-cache" not in control
    )


class PublicPageCacheMiddleware:
    """Answers a cookie-less GET of a marked page from the cache; keeps what it renders."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        seconds = settings.PUBLIC_PAGE_SECONDS
        if request.method not in SAFE_METHODS:
            response = self.get_response(request)
            if seconds and response.status_code < 400 and _changes_public_pages(request):
                new_generation()
            return response
        if not seconds or request.method != "GET" or request.COOKIES or not _marked(request):
            return self.get_response(request)

        key = _key(request)
        found = cache.get_many([GENERATION_KEY, key])  # one round trip
        generation = found.get(GENERATION_KEY, 0)
        kept = found.get(key)
        if kept is not None and kept[0] == generation:
            return kept[1]
        response = self.get_response(request)
        if _keepable(response):
            if getattr(response, "is_rendered", True):
                cache.set(key, (generation, response), seconds)
            else:
                response.add_post_render_callback(
                    lambda rendered: cache.set(key, (generation, rendered), seconds)
                )
        return response
