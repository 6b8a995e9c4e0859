"""Token authentication: POST /api/v1/auth/token/ with username and password."""

from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.throttling import AnonRateThrottle


class LoginRateThrottle(AnonRateThrottle):
    scope = "login"
    rate = "20/minute"


class TokenObtainView(ObtainAuthToken):
    """Return {"token": ...} for a valid username and password."""

    throttle_classes = [LoginRateThrottle]
