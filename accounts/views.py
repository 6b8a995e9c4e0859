"""Two-step sign-in (TOTP, django-otp): street staff and secretaries turn it on or off here."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from grids.cards import qr_svg

from .forms import CodeForm, check_code, confirmed_device
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
