"""Signing in (the site's front door and the back office) with optional two-step
verification, and turning it on or off."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from grids.models import phone_validator

if TYPE_CHECKING:
    from accounts.models import User


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def check_code(device: TOTPDevice, code: str) -> None:
    """Raise ValidationError unless `code` is the device's current code."""
    code = (code or "").strip().replace(" ", "")
    if not code:
        raise ValidationError(
            _("Enter the 6-digit code from your authenticator app."), code="code_required"
        )
    allowed, _extra = device.verify_is_allowed()
    if not allowed:
        raise ValidationError(
            _("Too many wrong codes: wait a minute, then try again."), code="throttled"
        )
    if not device.verify_token(code):
        raise ValidationError(
            _("That code is not right. Codes change every 30 seconds."), code="wrong_code"
        )


class TwoStepForm(forms.Form):
    """The authenticator app's code, asked of those who turned on two-step sign-in."""

    otp_token = forms.CharField(
        label=_("Code from your authenticator app"),
        required=False,
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        help_text=_("Only if you turned on two-step sign-in."),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        user = self.get_user()
        device = confirmed_device(user) if user is not None else None
        if device is not None:
            check_code(device, cleaned.get("otp_token", ""))
        return cleaned


class SignInForm(TwoStepForm, AdminAuthenticationForm):
    """The back office's sign-in: staff only, name and password, and the app's code."""


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class FrontDoorForm(TwoStepForm, AuthenticationForm):
    """The site's sign-in for every role: user name or phone, password, and the app's code."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("User name or phone number")
        self.fields["username"].widget.attrs["autocomplete"] = "username"


class PhoneCodeForm(forms.Form):
    """A phone number, then the code the text message brought."""

    phone = forms.CharField(
        label=_("Phone number"),
        max_length=20,
        validators=[phone_validator],
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    code = forms.CharField(
        label=_("Code from the text message"),
        required=False,
        max_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
