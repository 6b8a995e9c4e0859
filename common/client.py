"""The client's address, as seen through the deployment's own proxies and no others.

`X-Forwarded-For` is written by whoever sends the request, so it is believed only as far as
the deployment says proxies of its own stand in front (TRUSTED_PROXY_COUNT, default 0: the
header is ignored and the connection's address is the client). Each trusted proxy appends the
address it received the request from, so with N of them the client is the N-th address from the
right; anything further left was sent by the client and proves nothing. django-ipware
(python-ipware) parses the header (IPv6, ports, RFC 7239 tokens, junk entries skipped).
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from ipware import get_client_ip


def client_ip(request: HttpRequest) -> str:
    """Return the client's address for rate limits and sign-in lock-outs ("" if unknown)."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    trusted = settings.TRUSTED_PROXY_COUNT
    if trusted <= 0:
        return remote
    # ipware counts the proxies listed in the header before the one that connected to us: with
    # N trusted proxies the header's last N entries were written by them, the N-th is the client.
    address, _routable = get_client_ip(
        request,
        proxy_order="left-most",
        proxy_count=trusted - 1,
        request_header_order=["HTTP_X_FORWARDED_FOR"],
        strict=False,
    )
    return address or remote
