"""Per-address limits for the public forms: so many submissions an hour, counted in the cache.

The address is the client's as seen through the deployment's trusted proxies (common/client.py,
TRUSTED_PROXY_COUNT), so a made-up X-Forwarded-For does not give a fresh allowance.

The address is hashed before it is used as a key. When the cache is away (see config/cache.py)
the limit is not enforced rather than turning residents away.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone

from common.client import client_ip

# Submissions per address per hour, by form.
LIMITS = {
    "help": 10,
    "wish": 10,
    "volunteer": 5,
    "track": 60,
    "track-action": 20,
    # Rating identities handed to browsers and API clients (pledges.services.voter_issue).
    "voter": 10,
}


def over_limit(request: HttpRequest, what: str) -> bool:
    """Count one submission of `what` from the request's address; True once over the limit."""
    address = hashlib.sha256(client_ip(request).encode()).hexdigest()
    key = f"submit:{what}:{address}:{timezone.now():%Y%m%d%H}"
    count = cache.get_or_set(key, 0, 3600)
    if count >= LIMITS[what]:
        return True
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, 3600)
    return False


# Wrong answers an hour before acting by a secret (a tracking code and the phone's last four
# digits) is refused: per secret, so one code cannot be tried from many addresses, and per
# address, so one address cannot try many codes.
FAILURE_LIMITS = {
    "track-code": 5,
    "track-address": 10,
}


def _failure_keys(request: HttpRequest, what: str, secret: str) -> list[tuple[str, str]]:
    hour = f"{timezone.now():%Y%m%d%H}"
    secret_hash = hashlib.sha256(secret.encode()).hexdigest()
    address = hashlib.sha256(client_ip(request).encode()).hexdigest()
    return [
        (f"fail:{what}-code:{secret_hash}:{hour}", f"{what}-code"),
        (f"fail:{what}-address:{address}:{hour}", f"{what}-address"),
    ]


def failures_over(request: HttpRequest, what: str, secret: str) -> bool:
    """Return whether too many wrong answers were given this hour for `secret` or from the
    request's address; the caller then refuses without checking the answer."""
    values = cache.get_many([key for key, _ in _failure_keys(request, what, secret)])
    return any(
        values.get(key, 0) >= FAILURE_LIMITS[limit]
        for key, limit in _failure_keys(request, what, secret)
    )


def failure_count(request: HttpRequest, what: str, secret: str) -> None:
    """Count one wrong answer for `secret` and for the request's address."""
    for key, _ in _failure_keys(request, what, secret):
        if cache.add(key, 1, 3600):
            continue
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, 3600)
