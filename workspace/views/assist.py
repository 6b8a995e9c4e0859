"""代办: community and street staff file for a resident who has no smartphone, at the party-mass
service centre: a wish, a service request, a pledge rating or a volunteer registration. Each
record keeps who filed it; the resident gets a tracking code on paper, never an account."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from accounts.scope import can_manage, scope_for
from common.forms import refusal_to_form
from pledges.selectors import published_pledges
from pledges.services import pledge_rate_assisted
from servicedesk import services as desk
from volunteers.services import volunteer_register_assisted

from ..forms import (
    AssistedHelpForm,
    AssistedRatingForm,
    AssistedVolunteerForm,
    AssistedWishForm,
)

RECEIPT_KEY = "workspace:assisted-code"


def for_back_office(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Street staff and community secretaries with a scope; anyone else signed in gets 403."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not can_manage(request.user) or scope_for(request.user).node is None:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _form_page(request: HttpRequest, form, title: str, intro: str) -> HttpResponse:
    status = 400 if request.method == "POST" and form.errors else 200
    return render(
        request,
        "workspace/assist_form.html",
        {"form": form, "title": title, "intro": intro},
        status=status,
    )


@for_back_office
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "workspace/assist.html", {"place": scope_for(request.user).node})


def _resident_form(request: HttpRequest, form_class) -> tuple[Any, bool]:
    """The form, and whether the post only asked to narrow the places (no script)."""
    refresh = request.POST.get("refresh") if request.method == "POST" else None
    if refresh is None:
        return form_class(request.POST or None, user=request.user), False
    typed = {k: v for k, v in request.POST.items() if k not in ("csrfmiddlewaretoken", "refresh")}
    return form_class(user=request.user, initial=typed), True


def _receipt(request: HttpRequest, code: str) -> HttpResponse:
    request.session[RECEIPT_KEY] = code
    return redirect("workspace:assist-done")


def _case(request: HttpRequest, form_class, submit, title: str, intro: str) -> HttpResponse:
    """File a wish or a request with `submit` (the service), then hand over the code."""
    form, refreshed = _resident_form(request, form_class)
    if request.method == "POST" and not refreshed and form.is_valid():
        try:
            made = submit(assisted_by=request.user, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            refusal_to_form(form, exc)
        else:
            return _receipt(request, made.tracking_code)
    return _form_page(request, form, title, intro)


@for_back_office
def wish(request: HttpRequest) -> HttpResponse:
    return _case(
        request,
        AssistedWishForm,
        desk.wish_submit,
        _("File a micro-wish for a resident"),
        _("The community reviews it like any other before it is shown."),
    )


@for_back_office
def service_request(request: HttpRequest) -> HttpResponse:
    return _case(
        request,
        AssistedHelpForm,
        desk.request_submit,
        _("File a service request for a resident"),
        _("It goes to the desk like any other; the resident follows it with the tracking code."),
    )


@for_back_office
def rating(request: HttpRequest) -> HttpResponse:
    pledges = scope_for(request.user).filter(published_pledges(), "pledge_list__node")
    form = AssistedRatingForm(request.POST or None, pledges=pledges)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            pledge_rate_assisted(
                pledge=data["pledge"],
                value=data["value"],
                resident_phone=data["resident_phone"],
                comment=data["comment"],
                by=request.user,
            )
        except (ValidationError, PermissionDenied) as exc:
            refusal_to_form(form, exc)
        else:
            messages.success(request, _("The resident's rating was recorded."))
            return redirect("workspace:assist-rating")
    return _form_page(
        request,
        form,
        _("Record a resident's pledge rating"),
        _("What the resident says of a published pledge, counted like a rating on the board."),
    )


@for_back_office
def volunteer(request: HttpRequest) -> HttpResponse:
    form = AssistedVolunteerForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            made = volunteer_register_assisted(by=request.user, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            refusal_to_form(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s is registered as a volunteer, without an account.")
                % {"name": made.name},
            )
            return redirect("workspace:assist-volunteer")
    return _form_page(
        request,
        form,
        _("Register a resident as a volunteer"),
        _(
            "The volunteer is active at once and has no account: the community signs them up "
            "for activities and records their hours."
        ),
    )


@never_cache
@for_back_office
def done(request: HttpRequest) -> HttpResponse:
    """The receipt to print or copy for the resident: the tracking code, shown this once."""
    code = request.session.pop(RECEIPT_KEY, None)
    return render(request, "workspace/assist_done.html", {"code": code})
