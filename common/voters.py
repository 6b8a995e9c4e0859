"""Who rates, without an account: a rater identity the server signs for a browser (a cookie)
or an API client, kept only hashed, counted against the address's limit; or, for a resident
filing at the service centre (代办), their phone number, hashed (pledges.services.phone_voter,
which checks the number first). Pledge ratings, project
ratings and the yearly appraisal's residents' ratings all use it, so one person is one rater
whichever they rate."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import secrets

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from common import ratelimit
from common.ratelimit import over_limit

VOTER_COOKIE = "alliance_voter"
# The salt of the identities handed out before this module moved here: they stay valid.
VOTER_SALT = "pledges.voter"
VOTER_MAX_AGE = datetime.timedelta(days=400)


def voter_issue() -> str:
    """Return a new rater identity for a browser, signed by the server: a client cannot make
    one up, so thirty invented tokens are thirty refusals, not thirty raters."""
    return signing.TimestampSigner(salt=VOTER_SALT).sign(secrets.token_urlsafe(18))


def voter_identity(token: str) -> str | None:
    """Return the identity inside a token `voter_issue` signed, or None for anything else."""
    try:
        return signing.TimestampSigner(salt=VOTER_SALT).unsign(token, max_age=VOTER_MAX_AGE)
    except signing.BadSignature:  # SignatureExpired included
        return None


def voter_hash(token: str) -> str:
    """Return the stored form of a browser's rating token (never the token itself)."""
    return hmac.new(settings.SECRET_KEY.encode(), token.encode(), hashlib.sha256).hexdigest()


def voter_checked(voter_token: str, address: str) -> str:
    """Return the stored rater of a rating sent with `voter_token` from `address`: refused
    for a token the server did not sign, and for an address over its limit of ratings
    (settings.RATE_LIMITS["rating"]); the caller counts the rating once kept."""
    identity = voter_identity(voter_token or "")
    if identity is None:
        raise ValidationError(_("Your browser must accept cookies to rate."))
    if ratelimit.reached("rating", address):
        raise ValidationError(_("Too many ratings from your network; please try again later."))
    return voter_hash(identity)


def with_voter_cookie(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """Give a browser its rating identity, signed by the server, on its first look at a board
    (or when it brings one the server did not sign). Identities handed to one address are
    limited like any other public submission."""
    held = voter_identity(request.COOKIES.get(VOTER_COOKIE) or "")
    if held is None and not over_limit(request, "voter"):
        set_voter_cookie(request, response, voter_issue())
    return response


def set_voter_cookie(request: HttpRequest, response: HttpResponse, token: str) -> None:
    """Hand the browser its rater identity, for the year-odd the signature lasts."""
    response.set_cookie(
        VOTER_COOKIE,
        token,
        max_age=int(VOTER_MAX_AGE.total_seconds()),
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )
