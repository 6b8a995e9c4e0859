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
    "voter": 30,
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
