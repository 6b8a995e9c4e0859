"""Sources for the Content-Security-Policy (django-csp reads the policy from settings)."""

from __future__ import annotations

from urllib.parse import urlsplit


def tile_source(url: str) -> str:
    """The CSP source for a tile URL: its origin, with a wildcard for a {s} subdomain."""
    parsed = urlsplit(url)
    host = parsed.netloc
    if "{" in host and "." in host:
        host = "*." + host.split(".", 1)[1]
    return f"{parsed.scheme}://{host}" if parsed.scheme else "'self'"
