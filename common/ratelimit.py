"""How often one client may do a thing: the one rate limiter, for pages, the API and services.

Every limit is named in settings.RATE_LIMITS ("10/h": ten an hour) and counted by
django-ratelimit in the cache, in fixed windows. What is counted is a client's address as seen
through the deployment's trusted proxies (common.client.client_ip, TRUSTED_PROXY_COUNT), so a
made-up X-Forwarded-For gives no fresh allowance, or another string a caller counts by (a
tracking code, a phone number). django-ratelimit hashes the limit's name, window and the
counted string into the key: no address or secret is kept in the cache in the clear.

When the cache is away (Redis down; django-redis answers a miss) nothing is counted and no
limit is enforced (RATELIMIT_FAIL_OPEN) rather than turning residents away.

- `over_limit(request, name)` counts one try from the request's address and says whether it
  is past the allowance; `hit(name, who)` does the same for any string.
- `reached(name, who)` says whether the allowance is used up without counting, and
  `count(name, who)` counts afterwards: for limits on what succeeded (ratings) or failed
  (wrong answers, `failures_over` and `failure_count`).
- `ClientRateThrottle` is the same limiter as a DRF throttle for the API's views.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import get_usage
from rest_framework.throttling import BaseThrottle

from common.client import client_ip


def allowance(name: str) -> int:
    """Return how many times `name` is allowed in its window (settings.RATE_LIMITS)."""
    return int(settings.RATE_LIMITS[name].split("/", 1)[0])


def _usage(name: str, who: str, *, increment: bool) -> dict[str, Any] | None:
    """django-ratelimit's usage of `name` by `who` (None: not enforced, the cache is away)."""
    return get_usage(
        None,  # counted by `who`, not by anything in a request
        group=name,
        key=lambda _group, _request: who,
        rate=settings.RATE_LIMITS[name],
        increment=increment,
    )


def hit(name: str, who: str) -> bool:
    """Count one try of `name` by `who`; return True once past the allowance."""
    usage = _usage(name, who, increment=True)
    return bool(usage and usage["should_limit"])


def reached(name: str, who: str) -> bool:
    """Return whether `who` has used up `name`'s allowance, without counting."""
    usage = _usage(name, who, increment=False)
    return bool(usage and usage["count"] >= usage["limit"])


def count(name: str, who: str) -> None:
    """Count one of `name` for `who` (after it happened: a rating kept, a wrong answer)."""
    _usage(name, who, increment=True)


def over_limit(request: HttpRequest, name: str) -> bool:
    """Count one submission of `name` from the request's address; True once over the limit."""
    return hit(name, client_ip(request))


# Wrong answers to a secret (a tracking code and the phone's last four digits) are limited
# per secret, so one code cannot be tried from many addresses ("<what>-code"), and per
# address, so one address cannot try many codes ("<what>-address").
def _failure_counts(request: HttpRequest, what: str, secret: str) -> list[tuple[str, str]]:
    return [
        (f"{what}-code", secret),
        (f"{what}-address", client_ip(request)),
    ]


def failures_over(request: HttpRequest, what: str, secret: str) -> bool:
    """Return whether too many wrong answers were given this hour for `secret` or from the
    request's address; the caller then refuses without checking the answer."""
    return any(reached(name, who) for name, who in _failure_counts(request, what, secret))


def failure_count(request: HttpRequest, what: str, secret: str) -> None:
    """Count one wrong answer for `secret` and for the request's address."""
    for name, who in _failure_counts(request, what, secret):
        count(name, who)


class ClientRateThrottle(BaseThrottle):
    """A DRF throttle on the limit named `limit`, by `client_ip`, for anonymous clients only
    (signed-in users answer for their account); the same counter as `over_limit`'s."""

    limit = ""

    def allow_request(self, request: Any, view: Any) -> bool:
        self.time_left: int | None = None
        if request.user and request.user.is_authenticated:
            return True
        usage = _usage(self.limit, client_ip(request), increment=True)
        if usage and usage["should_limit"]:
            self.time_left = max(usage["time_left"], 1)
            return False
        return True

    def wait(self) -> int | None:
        return self.time_left
