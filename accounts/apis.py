"""Token authentication: POST /api/v1/auth/token/ with username and password."""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.request import Request
from rest_framework.response import Response

from common.ratelimit import ClientRateThrottle


def _locked_out(request: Request) -> bool:
    """django-axes marks the request it was given: DRF's, or the Django request inside it."""
    return bool(
        getattr(request, "axes_locked_out", False)
        or getattr(getattr(request, "_request", None), "axes_locked_out", False)
    )


class LoginRateThrottle(ClientRateThrottle):
    limit = "api-login"


class TokenObtainView(ObtainAuthToken):
    """Return {"token": ...} for a valid username and password. After repeated wrong passwords
    the name is locked out from that address (django-axes) and the answer is 429."""

    throttle_classes = [LoginRateThrottle]

    def handle_exception(self, exc: Exception) -> Response:
        response = super().handle_exception(exc)
        if _locked_out(self.request):
            response.status_code = status.HTTP_429_TOO_MANY_REQUESTS
            response.data = {
                "detail": _("Too many wrong passwords: signing in is paused for a while.")
            }
        return response
