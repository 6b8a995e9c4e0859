"""Codes by text message (短信验证码) for signing in and for resetting a password.

A code is six digits, kept only as an HMAC, good for SMS_CODE_MINUTES, used once, and dead
after SMS_CODE_TRIES wrong tries. Sending is limited per phone (one a minute, five an hour) and
per client address (twenty an hour). Whether or not the number belongs to an account, the
answer is the same, so the form tells nobody which numbers are registered. Staff accounts
get no code at all, neither to sign in nor to reset: theirs is the password with the
authenticator app's code, and a reset by e-mail or through the street office.
"""

from __future__ import annotations

import hmac
import logging
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from common import ratelimit
from common.sms import send_sms

from .backends import user_by_phone
from .models import CodePurpose, PhoneCode, User

logger = logging.getLogger("alliance.accounts")

# Seconds between two codes to one phone; codes an hour per phone and per client address are
# settings.RATE_LIMITS["sms-phone"] and ["sms-client"] (common.ratelimit).
PHONE_GAP = 60


def _digest(phone: str, purpose: str, code: str) -> str:
    return salted_hmac(
        "accounts.phone_codes", f"{purpose}:{phone}:{code}", algorithm="sha256"
    ).hexdigest()


def may_receive(user: User | None, purpose: str) -> bool:
    """Return whether `user` may be sent a code for `purpose`."""
    if user is None or not user.is_active:
        return False
    # Back-office accounts sign in with a password and, if they turned it on, the app's code; a
    # phone alone (or a swapped SIM) must not open the back office, so no code of either kind.
    if user.is_staff or user.is_superuser:
        return False
    # Those who sign in with the authenticator app's code keep that step: no way around it.
    return not (
        purpose == CodePurpose.SIGN_IN
        and TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    )


def phone_code_send(*, phone: str, purpose: str, client: str) -> None:
    """Send a code to `phone` if it belongs to an account that may use one.

    Raises ValidationError when a limit is reached (the same for every number).
    """
    phone = phone.strip()
    if not cache.add(f"sms-gap:{phone}", 1, PHONE_GAP):
        raise ValidationError(
            _("A code was sent to this number less than a minute ago: wait, then ask again."),
            code="too_soon",
        )
    if ratelimit.hit("sms-phone", phone) or (client and ratelimit.hit("sms-client", client)):
        raise ValidationError(_("Too many codes asked for: try again in an hour."), code="too_many")
    user = user_by_phone(phone)
    if not may_receive(user, purpose):
        return
    code = f"{secrets.randbelow(10**6):06d}"
    minutes = settings.SMS_CODE_MINUTES
    with transaction.atomic():
        # A new code replaces the ones sent before.
        PhoneCode.objects.filter(phone=phone, purpose=purpose, used_at__isnull=True).update(
            used_at=timezone.now()
        )
        PhoneCode.objects.create(
            phone=phone,
            purpose=purpose,
            code_hash=_digest(phone, purpose, code),
            expires_at=timezone.now() + timedelta(minutes=minutes),
        )
    # Sent once the code is stored: a message never carries a code the database lost.
    text = _(
        "Alliance portal: your code is %(code)s, valid for %(minutes)s minutes. Tell it to nobody."
    ) % {"code": code, "minutes": minutes}
    try:
        send_sms(phone=phone, text=text)
    except Exception:  # the provider failed: the same page as for any number, and a log line
        logger.exception("the sign-in code to %s could not be sent", phone[:3] + "********")


def phone_code_check(*, phone: str, purpose: str, code: str) -> User | None:
    """Use up the code if it is right and return its account; None if not (a wrong try counts)."""
    phone = phone.strip()
    code = (code or "").strip()
    with transaction.atomic():
        sent = (
            PhoneCode.objects.select_for_update()
            .filter(
                phone=phone,
                purpose=purpose,
                used_at__isnull=True,
                expires_at__gt=timezone.now(),
            )
            .order_by("-created_at")
            .first()
        )
        if sent is None or sent.wrong_tries >= settings.SMS_CODE_TRIES:
            return None
        if not hmac.compare_digest(sent.code_hash, _digest(phone, purpose, code)):
            sent.wrong_tries += 1
            sent.save(update_fields=["wrong_tries"])
            return None
        sent.used_at = timezone.now()
        sent.save(update_fields=["used_at"])
    user = user_by_phone(phone)
    return user if may_receive(user, purpose) else None
