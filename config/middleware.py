"""Simplified Chinese first: the language is the one a visitor chose, else zh-hans."""

import contextlib
from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ChineseFirstLocaleMiddleware(LocaleMiddleware):
    """Like LocaleMiddleware, but a browser's Accept-Language does not override zh-hans.

    Residents and staff share devices set to many languages; the portal speaks zh-hans
    until someone picks English with the language switch (which sets the cookie).
    """

    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = settings.LANGUAGE_CODE
        if chosen:
            with contextlib.suppress(LookupError):
                language = translation.get_supported_language_variant(chosen)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


def tile_source(url: str) -> str:
    """The CSP source for a tile URL: its origin, with a wildcard for a {s} subdomain."""
    parsed = urlsplit(url)
    host = parsed.netloc
    if "{" in host and "." in host:
        host = "*." + host.split(".", 1)[1]
    return f"{parsed.scheme}://{host}" if parsed.scheme else "'self'"


def content_security_policy() -> str:
    tiles = " ".join([tile_source(settings.MAP_TILE_URL), *settings.CSP_EXTRA_IMG_SRC])
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            # Leaflet and the admin set style attributes; no script can run from a style.
            "style-src 'self' 'unsafe-inline'",
            f"img-src 'self' data: blob: {tiles}",
            "font-src 'self' data:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


class ContentSecurityPolicyMiddleware:
    """Scripts only from the portal's own static files: no inline script, no other origin.

    The Swagger UI page (/api/docs/) starts itself with an inline script and is left out."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.policy = content_security_policy()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith("/api/docs/"):
            response.headers.setdefault("Content-Security-Policy", self.policy)
        return response
