"""The front door's own pages: sign-in by a text-message code, password reset by code, two-step
sign-in (TOTP, django-otp) for street staff and secretaries, and the 403 pages."""

from __future__ import annotations

import time

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from common.client import client_ip
from grids.cards import qr_svg

from .forms import CodeForm, PhoneCodeForm, check_code, confirmed_device
from .models import CodePurpose, User
from .phone_codes import phone_code_check, phone_code_send
from .scope import can_manage


@login_required
def two_step(request: HttpRequest) -> HttpResponse:
    if not can_manage(request.user):
        raise PermissionDenied
    user = request.user
    device = confirmed_device(user)
    pending = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    form = CodeForm(request.POST or None)
    action = request.POST.get("action")
    if request.method == "POST" and action == "start" and device is None:
        with transaction.atomic():
            TOTPDevice.objects.filter(user=user, confirmed=False).delete()
            TOTPDevice.objects.create(user=user, name=_("Authenticator app"), confirmed=False)
        return redirect("accounts:two-step")
    if request.method == "POST" and action in ("confirm", "turn-off") and form.is_valid():
        target = pending if action == "confirm" else device
        if target is not None:
            try:
                check_code(target, form.cleaned_data["code"])
            except ValidationError as exc:
                form.add_error("code", exc)
            else:
                if action == "confirm":
                    target.confirmed = True
                    target.save(update_fields=["confirmed"])
                    messages.success(request, _("Two-step sign-in is on."))
                else:
                    TOTPDevice.objects.filter(user=user).delete()
                    messages.success(request, _("Two-step sign-in is off."))
                return redirect("accounts:two-step")
    return render(
        request,
        "accounts/two_step.html",
        {
            "device": device,
            "pending": pending,
            "qr": qr_svg(pending.config_url) if pending is not None else "",
            "form": form,
        },
    )


def _code_flow(request: HttpRequest, purpose: str, template: str, done) -> HttpResponse:
    """Ask for a phone number, send a code, take the code back; `done(user)` answers then."""
    form = PhoneCodeForm(request.POST or None)
    sent = request.method == "POST" and request.POST.get("action") == "check"
    if request.method == "POST" and form.is_valid():
        phone = form.cleaned_data["phone"]
        if request.POST.get("action") == "send":
            sent = True
            try:
                phone_code_send(phone=phone, purpose=purpose, client=client_ip(request))
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.info(
                    request,
                    _(
                        "If this number belongs to an account, a code is on its way. "
                        "It is good for %(minutes)s minutes."
                    )
                    % {"minutes": settings.SMS_CODE_MINUTES},
                )
        elif not form.cleaned_data["code"].strip():
            form.add_error("code", _("Enter the 6-digit code from the text message."))
        else:
            user = phone_code_check(phone=phone, purpose=purpose, code=form.cleaned_data["code"])
            if user is not None:
                return done(user)
            form.add_error("code", _("That code is wrong or out of date: ask for a new one."))
    return render(
        request,
        template,
        {"form": form, "sent": sent, "next": request.POST.get("next", request.GET.get("next", ""))},
    )


def _next_or_landing(request: HttpRequest) -> str:
    wanted = request.POST.get("next", "")
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def sms_sign_in(request: HttpRequest) -> HttpResponse:
    """Sign in with a code sent to the account's phone (not for staff: theirs is two-step)."""
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)

    def done(user: User) -> HttpResponse:
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect(_next_or_landing(request))

    return _code_flow(request, CodePurpose.SIGN_IN, "accounts/sms_sign_in.html", done)


RESET_SESSION_KEY = "sms_reset"


def sms_reset(request: HttpRequest) -> HttpResponse:
    """Forgotten password: a code to the phone, then a new password."""

    def done(user: User) -> HttpResponse:
        # The step holds a reset token: it dies when the password changes, by any way.
        request.session[RESET_SESSION_KEY] = {
            "user": user.pk,
            "token": default_token_generator.make_token(user),
            "at": time.time(),
        }
        return redirect("accounts:sms-reset-password")

    return _code_flow(request, CodePurpose.RESET, "accounts/sms_reset.html", done)


def sms_reset_password(request: HttpRequest) -> HttpResponse:
    """The new password, for the account whose code was just checked (within the code's life)."""
    held = request.session.get(RESET_SESSION_KEY) or {}
    fresh = time.time() - held.get("at", 0) < settings.SMS_CODE_MINUTES * 60
    user = User.objects.filter(pk=held.get("user"), is_active=True).first() if fresh else None
    if user is not None and not default_token_generator.check_token(user, held.get("token", "")):
        user = None
    if user is not None and request.user.is_authenticated and request.user.pk != user.pk:
        user = None  # someone else signed in on this browser since: the step is not theirs
    if user is None:
        request.session.pop(RESET_SESSION_KEY, None)
        messages.error(request, _("Ask for a new code: the last one is used or out of date."))
        return redirect("accounts:sms-reset")
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        axes_reset(username=user.get_username())  # a lock-out from the forgotten password ends
        request.session.pop(RESET_SESSION_KEY, None)
        messages.success(request, _("Your password is changed. Sign in with it now."))
        return redirect("accounts:login")
    return render(request, "accounts/sms_reset_password.html", {"form": form})


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without its security token (an old page, or cookies off): the site's page."""
    return render(request, "403_csrf.html", status=403)


class EmailResetConfirm(auth_views.PasswordResetConfirmView):
    """Django's e-mailed reset link; a lock-out from the forgotten password ends with it."""

    def form_valid(self, form):
        response = super().form_valid(form)
        axes_reset(username=form.user.get_username())
        return response
