"""Public pages (menu, wish wall, ask for help, track by code) and the desk for staff and units."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts.models import Role
from accounts.scope import can_manage, get_or_404, scope_for
from common.forms import HONEYPOT_FIELD, refusal_to_form
from common.masking import mask_name, mask_phone
from common.paging import paginate
from common.params import PageQuery, parse_query
from common.public_cache import public_page
from common.ratelimit import failure_count, failures_over, over_limit
from grids.forms import StreetQuery
from grids.models import in_subtree
from grids.selectors import default_street
from organizations.models import Unit

from . import forms, services
from .models import MicroWish, RequestStatus, ServiceOffer, ServiceRequest
from .permissions import (
    name_shown,
    phone_shown,
    requests_for,
    wish_name_shown,
    wish_phone_shown,
    wishes_for,
)

# Public submissions from one network address an hour: enough for a family, not for a script.


def _street(request: HttpRequest):
    code = parse_query(StreetQuery, request)["street"]
    street = default_street(code or settings.PORTAL_DEFAULT_STREET)
    if street is None:
        raise Http404
    return street


def _report(request: HttpRequest, exc: ValidationError, form: Any = None) -> None:
    if form is not None and hasattr(exc, "error_dict"):
        refusal_to_form(form, exc)
        return
    for message in exc.messages:
        messages.error(request, message)


@public_page
def menu(request: HttpRequest) -> HttpResponse:
    """The service menu every unit of the street opens to residents."""
    street = _street(request)
    query = parse_query(forms.MenuQuery, request)
    offers = ServiceOffer.objects.filter(
        in_subtree(street, "unit__community"), active=True
    ).select_related("unit", "unit__community")
    category = query["category"]
    if category:
        offers = offers.filter(category=category)
    if query["unit"]:
        offers = offers.filter(unit_id=query["unit"])
    return render(
        request,
        "servicedesk/menu.html",
        {
            "street": street,
            "offers": offers.order_by("category", "unit__name")[:500],
            "categories": forms.ServiceCategory.choices,
            "category": category,
        },
    )


# Wish cards a page of the wall: a phone scrolls through this many, a desk shows four rows.
WISH_PAGE = 24


@public_page
def wish_wall(request: HttpRequest) -> HttpResponse:
    """The street's micro-wishes on the wall, newest first, a page at a time (?page=)."""
    street = _street(request)
    query = parse_query(PageQuery, request)
    wishes = (
        MicroWish.objects.filter(
            in_subtree(street, "community"),
            status__in=MicroWish.ON_THE_WALL,
        )
        .select_related("community", "claimed_unit")
        .order_by("-created_at", "-pk")
    )
    pager = paginate(request, wishes, query["page"], WISH_PAGE)
    return render(
        request,
        "servicedesk/wishes.html",
        {"street": street, "wishes": pager.page.object_list, "pager": pager},
    )


# What a refresh (narrowing the places without script) must not carry back into the form.
NOT_TYPED = frozenset({"csrfmiddlewaretoken", "refresh", HONEYPOT_FIELD})


def _resident_form(
    request: HttpRequest, form_class: type[forms.ResidentForm], street, initial=None
) -> tuple[forms.ResidentForm, bool]:
    """Return the public form for this request and whether the resident only asked to narrow
    its places: without script, the refresh buttons post the form back, and it comes back
    unbound (no error for what is not filled in yet) with everything typed kept, its compounds
    those of the community chosen and its buildings those of the compound chosen."""
    refresh = request.POST.get("refresh") if request.method == "POST" else None
    if refresh is None:
        return form_class(request.POST or None, street=street, initial=initial), False
    typed = {key: value for key, value in request.POST.items() if key not in NOT_TYPED}
    form = form_class(street=street, initial=typed)
    after = {"community": "place", "place": "building"}.get(refresh)
    if after:  # the list just narrowed is where the resident carries on
        form.fields[after].widget.attrs["autofocus"] = True
    return form, True


def _public_form(request: HttpRequest, form: forms.ResidentForm, title: str, intro: str):
    return render(
        request, "servicedesk/public_form.html", {"form": form, "title": title, "intro": intro}
    )


def wish_new(request: HttpRequest) -> HttpResponse:
    street = _street(request)
    form, refreshed = _resident_form(request, forms.WishForm, street)
    if request.method == "POST" and not refreshed and form.is_valid():
        if over_limit(request, "wish"):
            messages.error(
                request, _("Too many submissions from your network; please try again later.")
            )
        else:
            try:
                wish = services.wish_submit(
                    posted_by=request.user if request.user.is_authenticated else None,
                    **form.cleaned_data,
                )
            except ValidationError as exc:
                _report(request, exc, form)
            else:
                return _thank(request, wish)
    return _public_form(
        request,
        form,
        _("Post a micro-wish"),
        _(
            "A small wish the community, a member unit or a volunteer can make come true. "
            "The community reviews it before it is shown."
        ),
    )


def ask_for_help(request: HttpRequest) -> HttpResponse:
    street = _street(request)
    initial = {"offer": request.GET.get("offer")} if request.GET.get("offer") else None
    form, refreshed = _resident_form(request, forms.HelpForm, street, initial)
    if request.method == "POST" and not refreshed and form.is_valid():
        if over_limit(request, "help"):
            messages.error(
                request, _("Too many submissions from your network; please try again later.")
            )
        else:
            try:
                service_request = services.request_submit(**form.cleaned_data)
            except ValidationError as exc:
                _report(request, exc, form)
            else:
                return _thank(request, service_request)
    return _public_form(
        request,
        form,
        _("Ask for help"),
        _(
            "Order a service from the menu or describe a trouble. "
            "You get a tracking code to follow it; no account is needed."
        ),
    )


def track(request: HttpRequest) -> HttpResponse:
    form = forms.TrackForm(request.GET or None)
    if form.is_valid() and over_limit(request, "track"):
        form.add_error(None, _("Too many look-ups from your network; please try again later."))
    elif form.is_valid():
        return redirect("servicedesk:track-code", form.cleaned_data["code"].strip().upper())
    return render(request, "servicedesk/track.html", {"form": form})


def _by_code(code: str):
    code = code.strip().upper()
    found = (
        MicroWish.objects.select_related("community", "claimed_unit")
        .filter(tracking_code=code)
        .first()
    )
    if found is None:
        found = (
            ServiceRequest.objects.select_related("community", "unit")
            .filter(tracking_code=code)
            .first()
        )
    if found is None:
        raise Http404
    return found


# What a resident may do by code, (on a wish?, action): whether it takes a rating.
RESIDENT_ACTIONS: dict[tuple[bool, str], bool] = {
    (True, "confirm"): True,
    (True, "cancel"): False,
    (False, "rate"): True,
    (False, "reopen"): False,
}


def _act_as_resident(request: HttpRequest, item: MicroWish | ServiceRequest) -> None:
    """Run the resident's action on `item`, once they proved they are the resident: the code
    they hold and the last four digits of the phone they gave, wrong answers counted against
    both the code and the address."""
    is_wish = isinstance(item, MicroWish)
    action = request.POST.get("action", "")
    if (is_wish, action) not in RESIDENT_ACTIONS:
        raise Http404
    if over_limit(request, "track-action") or failures_over(request, "track", item.tracking_code):
        messages.error(request, _("Too many attempts; please try again later."))
        return
    proof = forms.ResidentProofForm(request.POST)
    if not proof.is_valid():
        for errors in proof.errors.values():
            for message in errors:
                messages.error(request, message)
        return
    last4, rating = proof.cleaned_data["phone_last4"], 0
    try:
        if RESIDENT_ACTIONS[(is_wish, action)]:
            form = forms.RatingForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Choose a rating from 1 to 5."))
            rating = form.cleaned_data["rating"]
        if is_wish and action == "confirm":
            services.wish_confirm(wish=item, rating=rating, phone_last4=last4)
        elif is_wish:
            services.wish_cancel(wish=item, phone_last4=last4)
        elif action == "rate":
            services.request_rate(request=item, rating=rating, phone_last4=last4)
        else:
            services.request_reopen(
                request=item, note=request.POST.get("note", ""), phone_last4=last4
            )
    except services.ResidentNotVerified as exc:
        failure_count(request, "track", item.tracking_code)
        messages.error(request, str(exc))
    except (ValidationError, PermissionDenied) as exc:
        for message in getattr(exc, "messages", [str(exc)]):
            messages.error(request, message)
    else:
        messages.success(request, _("Thank you. Your answer was recorded."))


def _thank(request: HttpRequest, item: MicroWish | ServiceRequest) -> HttpResponse:
    """Hand the new tracking code to the thank-you page through the session: it is shown there
    once, to the resident who submitted, and never again on any page."""
    request.session[NEW_CODE_KEY] = item.tracking_code
    return redirect("servicedesk:thanks")


NEW_CODE_KEY = "servicedesk:new-code"


@never_cache
def thanks(request: HttpRequest) -> HttpResponse:
    """The thank-you page after a wish or a request: the tracking code, this once."""
    code = request.session.pop(NEW_CODE_KEY, None)
    return render(request, "servicedesk/thanks.html", {"code": code})


@never_cache
def track_code(request: HttpRequest, code: str) -> HttpResponse:
    """Status and history by tracking code, names and phone masked; the resident confirms, rates,
    cancels or reopens here with the last four digits of their phone."""
    try:
        item = _by_code(code)
    except Http404:
        # The site's 404, with the form to try again (a mistyped code is the usual cause).
        form = forms.TrackForm(initial={"code": code[:16]})
        return render(
            request, "servicedesk/track.html", {"form": form, "not_found": True}, status=404
        )
    if request.method == "POST":
        _act_as_resident(request, item)
        return redirect("servicedesk:track-code", item.tracking_code)
    return render(
        request,
        "servicedesk/tracked.html",
        {
            "item": item,
            "is_wish": isinstance(item, MicroWish),
            "events": item.events.all(),
            "name": mask_name(item.resident_name),
            "phone": mask_phone(item.resident_phone),
            "rating_form": forms.RatingForm(),
            "proof_form": forms.ResidentProofForm(),
            "reopen_proof_form": forms.ResidentProofForm(auto_id="reopen_%s"),
        },
    )


@login_required
def our_menu(request: HttpRequest) -> HttpResponse:
    """A unit contact keeps the unit's service menu: add lines, edit them, take them off."""
    unit = request.user.unit if request.user.role == Role.UNIT_CONTACT else None
    if unit is None:
        raise Http404
    offer = None
    if request.GET.get("edit"):
        offer = get_or_404(ServiceOffer.objects.filter(unit=unit), request.GET["edit"])
    form = forms.OfferForm(request.POST or None, instance=offer or ServiceOffer(unit=unit))
    if request.method == "POST" and form.is_valid():
        try:
            services.offer_save(offer=form.save(commit=False))
        except ValidationError as exc:
            _report(request, exc, form)
        else:
            messages.success(request, _("The service menu was saved."))
            return redirect("servicedesk:our-menu")
    offers = ServiceOffer.objects.filter(unit=unit).order_by("-active", "category", "title")
    return render(
        request,
        "servicedesk/our_menu.html",
        {"unit": unit, "offers": offers, "form": form, "editing": offer},
    )


# Requests, and wishes, a page of the desk.
DESK_PAGE = 25


@login_required
def desk(request: HttpRequest) -> HttpResponse:
    """The dispatch board: requests with SLA lights, wishes to review or claim, each list a
    page at a time (most urgent first)."""
    query = parse_query(forms.DeskQuery, request)
    requests = (
        requests_for(request.user)
        .exclude(status__in=[RequestStatus.RATED, RequestStatus.REJECTED])
        .order_by("due_at", "pk")
    )
    wishes = (
        wishes_for(request.user)
        .exclude(status__in=MicroWish.FINISHED)
        .order_by("-created_at", "-pk")
    )
    if not can_manage(request.user) and request.user.role != Role.UNIT_CONTACT:
        requests = requests.none()
    request_pager = paginate(request, requests, query["requests"], DESK_PAGE, "requests")
    wish_pager = paginate(request, wishes, query["wishes"], DESK_PAGE, "wishes")
    return render(
        request,
        "servicedesk/desk.html",
        {
            "requests": request_pager.page.object_list,
            "request_pager": request_pager,
            "wishes": wish_pager.page.object_list,
            "wish_pager": wish_pager,
            "now": timezone.now(),
        },
    )


@login_required
def request_page(request: HttpRequest, request_id: int) -> HttpResponse:
    item = get_or_404(requests_for(request.user), request_id)
    staff = can_manage(request.user) and scope_for(request.user).contains(item.community)
    units = (
        Unit.objects.filter(in_subtree(item.community.street_node(), "community")).order_by("name")
        if staff
        else []
    )
    return render(
        request,
        "servicedesk/request.html",
        {
            "item": item,
            "phone": phone_shown(request.user, item),
            "name": name_shown(request.user, item),
            "events": item.events.select_related("by", "unit"),
            "similar": services.similar_requests(item) if staff else [],
            "staff": staff,
            "units": units,
            "my_unit": request.user.unit_id if request.user.role == Role.UNIT_CONTACT else None,
            "note_form": forms.NoteForm(),
        },
    )


@login_required
@require_POST
def request_action(request: HttpRequest, request_id: int, action: str) -> HttpResponse:
    item = get_or_404(requests_for(request.user), request_id)
    note = request.POST.get("note", "")
    staff = can_manage(request.user) and scope_for(request.user).contains(item.community)
    calls = {
        "triage": lambda: services.request_triage(request=item, by=request.user, note=note),
        "reject": lambda: services.request_reject(request=item, by=request.user, note=note),
        "dispatch": lambda: services.request_dispatch(
            request=item,
            by=request.user,
            note=note,
            unit=get_or_404(
                Unit.objects.filter(in_subtree(item.community.street_node(), "community")),
                request.POST.get("unit"),
            ),
        ),
        "take": lambda: services.request_take(request=item, by=request.user),
        "accept": lambda: services.request_accept(request=item, by=request.user),
        "decline": lambda: services.request_decline(request=item, by=request.user, note=note),
        "close": lambda: services.request_close(
            request=item, by=request.user, report=request.POST.get("report", "")
        ),
    }
    if action not in calls:
        raise Http404
    if action in ("triage", "reject", "dispatch") and not staff:
        raise PermissionDenied
    try:
        calls[action]()
    except ValidationError as exc:
        _report(request, exc)
    else:
        messages.success(request, _("Done."))
    return redirect("servicedesk:request", item.pk)


@login_required
def wish_page(request: HttpRequest, wish_id: int) -> HttpResponse:
    wish = get_or_404(wishes_for(request.user), wish_id)
    staff = can_manage(request.user) and scope_for(request.user).contains(wish.community)
    return render(
        request,
        "servicedesk/wish.html",
        {
            "wish": wish,
            "phone": wish_phone_shown(request.user, wish),
            "name": wish_name_shown(request.user, wish),
            "events": wish.events.select_related("by"),
            "staff": staff,
            "note_form": forms.NoteForm(),
        },
    )


@login_required
@require_POST
def wish_action(request: HttpRequest, wish_id: int, action: str) -> HttpResponse:
    wish = get_or_404(wishes_for(request.user), wish_id)
    note = request.POST.get("note", "")
    staff = can_manage(request.user) and scope_for(request.user).contains(wish.community)
    unit = request.user.unit if request.user.role == Role.UNIT_CONTACT else None
    calls = {
        "publish": lambda: services.wish_review(
            wish=wish, publish=True, by=request.user, note=note
        ),
        "reject": lambda: services.wish_review(
            wish=wish, publish=False, by=request.user, note=note
        ),
        "approve_claim": lambda: services.wish_decide_claim(
            wish=wish, approve=True, by=request.user, note=note
        ),
        "deny_claim": lambda: services.wish_decide_claim(
            wish=wish, approve=False, by=request.user, note=note
        ),
        "cancel": lambda: services.wish_cancel(wish=wish, by=request.user, note=note),
        "claim": lambda: services.wish_claim(wish=wish, by=request.user, unit=unit),
        "withdraw": lambda: services.wish_withdraw(wish=wish, by=request.user, note=note),
        "fulfil": lambda: services.wish_fulfil(
            wish=wish, by=request.user, proof=request.POST.get("proof", "")
        ),
    }
    if action not in calls:
        raise Http404
    if action in ("publish", "reject", "approve_claim", "deny_claim", "cancel") and not staff:
        raise PermissionDenied
    try:
        calls[action]()
    except ValidationError as exc:
        _report(request, exc)
    else:
        messages.success(request, _("Done."))
    return redirect("servicedesk:wish", wish.pk)
