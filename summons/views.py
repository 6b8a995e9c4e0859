"""The summons pages: the list, raising one, its page (the units' answers with their lights,
the check-in code for the place, each unit's own steps) and the check-in a contact scans."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.scope import can_manage, get_or_404, scope_for
from common.forms import refusal_to_form, refusal_to_messages
from common.paging import paginate
from common.params import PageQuery, parse_query
from common.uploads import upload_response
from grids.cards import qr_svg
from grids.models import Node, NodeKind

from . import services
from .forms import CallUnitsForm, RaiseForm
from .models import MAX_REPORT_PHOTOS, CallStatus, Light, ReportPhoto, Summons, SummonsKind
from .permissions import may_run, own_call, summons_or_404, summons_visible_to
from .selectors import units_suggested

PAGE = 30


@login_required
def summons_list(request: HttpRequest) -> HttpResponse:
    query = parse_query(PageQuery, request)
    rows = (
        summons_visible_to(request.user)
        .select_related("node")
        .annotate(
            called=Count("calls", distinct=True),
            on_site=Count(
                "calls",
                filter=Q(calls__status__in=(CallStatus.ON_SITE, CallStatus.DONE)),
                distinct=True,
            ),
        )
        .order_by("-raised_at", "-pk")
    )
    pager = paginate(request, rows, query["page"], PAGE)
    return render(
        request,
        "summons/list.html",
        {
            "rows": pager.page.object_list,
            "pager": pager,
            "may_raise": can_manage(request.user) and scope_for(request.user).node is not None,
        },
    )


def _places(user) -> list[Node]:
    """Where `user` raises a summons: their community, or their street."""
    node = scope_for(user).node
    if node is None or node.kind not in (NodeKind.COMMUNITY, NodeKind.STREET):
        return []
    return [node]


# What a "suggest units" post-back must not carry into the form it re-renders.
NOT_TYPED = frozenset({"csrfmiddlewaretoken", "suggest"})


@login_required
def summons_new(request: HttpRequest) -> HttpResponse:
    """Raise a summons. "Suggest units" posts the form back, unsaved, with the units ordered
    for the kind chosen and the best few ticked, each with its reasons; then it is sent."""
    places = _places(request.user)
    if not can_manage(request.user) or not places:
        raise PermissionDenied
    node = places[0]
    units = services.units_callable(node)
    place_choices = Node.objects.filter(pk__in=[p.pk for p in places])
    suggesting = request.method == "POST" and "suggest" in request.POST
    kind = request.POST.get("kind") if request.method == "POST" else None
    kind = kind if kind in SummonsKind.values else None
    suggestions = units_suggested(node, units, kind)
    if suggesting:
        typed = {k: v for k, v in request.POST.items() if k not in NOT_TYPED and k != "units"}
        form = RaiseForm(places=place_choices, units=units, suggestions=suggestions, initial=typed)
        return render(request, "summons/new.html", {"form": form})
    form = RaiseForm(
        request.POST or None, places=place_choices, units=units, suggestions=suggestions
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            summons = services.summons_raise(by=request.user, **data)
        except (ValidationError, PermissionDenied) as exc:
            refusal_to_form(form, exc)
        else:
            messages.success(
                request,
                _("The summons went out to %(n)s units.") % {"n": summons.calls.count()},
            )
            return redirect("summons:detail", summons.pk)
    status = 400 if request.method == "POST" and form.errors else 200
    return render(request, "summons/new.html", {"form": form}, status=status)


@login_required
def summons_detail(request: HttpRequest, summons_id: int) -> HttpResponse:
    summons = summons_or_404(request.user, summons_id)
    now = timezone.now()
    calls = list(
        summons.calls.select_related("unit", "summons")
        .prefetch_related("photos")
        .order_by("unit__name")
    )
    for call in calls:
        call.current_light = Light(call.light(now))
    running = may_run(request.user, summons)
    checkin_url = request.build_absolute_uri(
        reverse("summons:check-in", args=[summons.pk, summons.checkin_token])
    )
    upper = Summons.objects.filter(escalated_from=summons).select_related("node").first()
    context = {
        "summons": summons,
        "calls": calls,
        "max_photos": MAX_REPORT_PHOTOS,
        "running": running,
        "mine": own_call(request.user, summons),
        "checkin_qr": qr_svg(checkin_url) if running and summons.is_open else None,
        "checkin_url": checkin_url if running else None,
        "upper": upper,
        "may_escalate": running and summons.is_open and summons.node.kind == NodeKind.COMMUNITY,
    }
    if running and summons.is_open:
        called = {c.unit_id for c in calls}
        context["call_form"] = CallUnitsForm(
            units=services.units_callable(summons.node).exclude(pk__in=called)
        )
    return render(request, "summons/detail.html", context)


UNIT_STEPS = frozenset({"accept", "decline", "arriving", "report"})
STAFF_STEPS = frozenset({"close", "escalate", "call"})


@login_required
@require_POST
def summons_action(request: HttpRequest, summons_id: int, action: str) -> HttpResponse:
    """One step on a summons: a called unit's (its contact) or the place's staff's; the other
    side gets 403, and a refusal of the service comes back as a message on the page."""
    summons = summons_or_404(request.user, summons_id)
    call = own_call(request.user, summons)
    if action in UNIT_STEPS and call is None:  # staff of the place: not their step
        raise PermissionDenied
    if action in STAFF_STEPS and not may_run(request.user, summons):  # a unit's contact
        raise PermissionDenied
    note = request.POST.get("note", "")
    try:
        if action in UNIT_STEPS:
            services.call_step(
                call=call,
                step=action,
                by=request.user,
                note=note,
                photos=request.FILES.getlist("photo"),
            )
        elif action == "call":
            form = CallUnitsForm(request.POST, units=services.units_callable(summons.node))
            if not form.is_valid():
                raise ValidationError(_("Choose the units to call out."))
            services.summons_call_units(
                summons=summons, units=form.cleaned_data["units"], by=request.user
            )
        elif action == "escalate":
            upper = services.summons_escalate(summons=summons, note=note, by=request.user)
            messages.success(request, _("The street has been asked."))
            if scope_for(request.user).contains(upper.node):
                return redirect("summons:detail", upper.pk)
            return redirect("summons:detail", summons.pk)
        else:
            services.summons_close(summons=summons, note=note, by=request.user)
    except (ValidationError, PermissionDenied) as exc:
        refusal_to_messages(request, exc)
    else:
        messages.success(request, _("Saved."))
    return redirect("summons:detail", summons.pk)


@login_required
def report_photo(request: HttpRequest, report_photo_id: int) -> HttpResponse:
    """A unit's photo from the site, to those who see its summons, and nobody else."""
    shot = get_or_404(
        ReportPhoto.objects.filter(call__summons__in=summons_visible_to(request.user)),
        report_photo_id,
    )
    return upload_response(shot.photo.open("rb"), filename=shot.photo.name, inline=True)


@login_required
def summons_check_in(request: HttpRequest, summons_id: int, token: str) -> HttpResponse:
    """The page the code at the place opens: a contact of a called unit confirms it is on
    site (a POST, so opening the link alone records nothing)."""
    summons = summons_or_404(request.user, summons_id)
    call = own_call(request.user, summons)
    if call is None:
        raise Http404
    if request.method == "POST":
        try:
            services.call_check_in(call=call, token=token, by=request.user)
        except (ValidationError, PermissionDenied) as exc:
            refusal_to_messages(request, exc)
        else:
            messages.success(request, _("Your unit is checked in on site."))
            return redirect("summons:detail", summons.pk)
    return render(request, "summons/check_in.html", {"summons": summons, "call": call})
