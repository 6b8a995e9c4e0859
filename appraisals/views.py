"""The yearly appraisal's pages: the street opens, weighs, scores and publishes a year; a unit
files its report over the facts; members and residents rate the units; the published results
with ranks and stars, and each unit's printable certificate, are public."""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role
from accounts.scope import can_manage, decides_for_street, scope_for
from common.client import client_ip
from common.forms import refusal_to_form, refusal_to_messages
from common.paging import paginate
from common.params import PageQuery, parse_query
from common.uploads import upload_response
from common.voters import VOTER_COOKIE, with_voter_cookie
from grids.models import Node, NodeKind

from . import forms, services
from .models import Appraisal, AppraisalStatus, UnitAppraisal
from .permissions import (
    appraisal_get_for_user,
    appraisals_for,
    may_run,
    unit_appraisal_get_for_user,
    unit_rows_for,
)

# Units a page: each is a card on a phone.
PAGE = 20


def _my_street(request: HttpRequest) -> Node | None:
    node = scope_for(request.user).node
    return node if node is not None and node.kind == NodeKind.STREET else None


@login_required
def appraisal_list(request: HttpRequest) -> HttpResponse:
    """The years of the user's street; the street's staff open a new one."""
    if not can_manage(request.user) and request.user.role != Role.UNIT_CONTACT:
        raise PermissionDenied
    street = _my_street(request) if decides_for_street(request.user) else None
    form = forms.OpenForm(request.POST or None) if street else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                appraisal = services.appraisal_open(
                    street=street, by=request.user, **form.cleaned_data
                )
            except (ValidationError, PermissionDenied) as exc:
                refusal_to_form(form, exc)
            else:
                messages.success(request, _("The year's appraisal is open."))
                return redirect("appraisals:detail", appraisal.pk)
    rows = appraisals_for(request.user).order_by("-year", "street__lft")
    mine = None
    if request.user.role == Role.UNIT_CONTACT:
        mine = {
            r.appraisal_id: r
            for r in UnitAppraisal.objects.filter(unit_id=request.user.unit_id, appraisal__in=rows)
        }
    return render(
        request,
        "appraisals/list.html",
        {"rows": rows[:50], "form": form, "mine": mine},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def appraisal_page(request: HttpRequest, appraisal_id: int) -> HttpResponse:
    """A year's table: every unit in view with its facts, score, ranks and stars."""
    appraisal = appraisal_get_for_user(request.user, appraisal_id)
    query = parse_query(PageQuery, request)
    rows = unit_rows_for(request.user, appraisal).order_by("rank_in_street", "unit__name")
    pager = paginate(request, rows, query["page"], PAGE)
    return render(
        request,
        "appraisals/detail.html",
        {
            "appraisal": appraisal,
            "rows": pager.page.object_list,
            "pager": pager,
            "runs": may_run(request.user, appraisal),
            "weights_form": forms.WeightsForm(initial={"facts_weight": appraisal.facts_weight}),
        },
    )


@login_required
@require_POST
def appraisal_action(request: HttpRequest, appraisal_id: int, action: str) -> HttpResponse:
    appraisal = appraisal_get_for_user(request.user, appraisal_id)
    if not may_run(request.user, appraisal):
        raise PermissionDenied
    try:
        if action == "score":
            services.appraisal_score(appraisal=appraisal, by=request.user)
            messages.success(request, _("Scores, ranks and stars worked out."))
        elif action == "publish":
            services.appraisal_publish(appraisal=appraisal, by=request.user)
            messages.success(request, _("The year's results are confirmed and published."))
        else:
            form = forms.WeightsForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Give the weight of the facts from 0 to 100."))
            services.appraisal_weights(appraisal=appraisal, by=request.user, **form.cleaned_data)
            messages.success(request, _("Weights saved."))
    except ValidationError as exc:
        refusal_to_messages(request, exc)
    return redirect("appraisals:detail", appraisal.pk)


def unit_page(request: HttpRequest, row_id: int) -> HttpResponse:
    """A unit's year: the facts the portal filled, its own report (its contact writes it while
    the year is open), the ratings, and once published its score, ranks and stars."""
    try:
        row = unit_appraisal_get_for_user(request.user, row_id)
    except Http404:
        if not request.user.is_authenticated:  # an open year's row may be theirs: sign in
            return redirect_to_login(request.get_full_path())
        raise
    own = (
        request.user.is_authenticated
        and request.user.role == Role.UNIT_CONTACT
        and request.user.unit_id == row.unit_id
    )
    form = forms.ReportForm(request.POST or None, initial={"report": row.report})
    if request.method == "POST":
        if not own:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.unit_report_file(unit_appraisal=row, by=request.user, **form.cleaned_data)
            except (ValidationError, PermissionDenied) as exc:
                refusal_to_form(form, exc)
            else:
                messages.success(request, _("Your unit's report is filed."))
                return redirect("appraisals:unit", row.pk)
    context = {
        "row": row,
        "appraisal": row.appraisal,
        "form": form if own and row.appraisal.is_open else None,
        "shows_score": row.appraisal.is_published or can_manage(request.user),
        "reasons_now": services.score_facts(row.facts, 0)[1] if not row.reasons else row.reasons,
    }
    return render(request, "appraisals/unit.html", context)


def rate_page(request: HttpRequest, appraisal_id: int) -> HttpResponse:
    """The open year's ratings page: every unit of the street, one rating each, no account
    needed for residents; signed-in members rate as members."""
    appraisal = Appraisal.objects.filter(pk=appraisal_id, status=AppraisalStatus.OPEN).first()
    if appraisal is None:
        raise Http404
    query = parse_query(PageQuery, request)
    rows = appraisal.units.select_related("unit__community").order_by(
        "unit__community__lft", "unit__name"
    )
    pager = paginate(request, rows, query["page"], PAGE)
    context = {
        "appraisal": appraisal,
        "rows": pager.page.object_list,
        "pager": pager,
        "form": forms.RateForm(),
    }
    return with_voter_cookie(request, render(request, "appraisals/rate.html", context))


@require_POST
def rate(request: HttpRequest, row_id: int) -> HttpResponse:
    row = (
        UnitAppraisal.objects.select_related("appraisal", "unit__community")
        .filter(pk=row_id, appraisal__status=AppraisalStatus.OPEN)
        .first()
    )
    if row is None:
        raise Http404
    form = forms.RateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose from one to five stars."))
    else:
        try:
            if request.user.is_authenticated:
                services.appraisal_rate_as_member(
                    unit_appraisal=row, stars=form.cleaned_data["stars"], by=request.user
                )
            else:
                services.appraisal_rate(
                    unit_appraisal=row,
                    stars=form.cleaned_data["stars"],
                    voter_token=request.COOKIES.get(VOTER_COOKIE) or "",
                    address=client_ip(request),
                )
        except (ValidationError, PermissionDenied) as exc:
            refusal_to_messages(request, exc)
        else:
            messages.success(request, _("Thank you for your rating."))
    back = reverse("appraisals:rate-page", args=[row.appraisal_id])
    return with_voter_cookie(request, redirect(f"{back}#unit-{row.pk}"))


def results(request: HttpRequest, appraisal_id: int) -> HttpResponse:
    """A published year: every unit's rank, stars and reasons, for everyone."""
    appraisal = (
        Appraisal.objects.filter(pk=appraisal_id, status=AppraisalStatus.PUBLISHED)
        .select_related("street")
        .first()
    )
    if appraisal is None:
        raise Http404
    query = parse_query(PageQuery, request)
    rows = appraisal.units.select_related("unit__community").order_by("rank_in_street")
    pager = paginate(request, rows, query["page"], PAGE)
    return render(
        request,
        "appraisals/results.html",
        {"appraisal": appraisal, "rows": pager.page.object_list, "pager": pager},
    )


def certificate(request: HttpRequest, row_id: int) -> FileResponse:
    """A unit's certificate of its stars for a published year, as a PDF to print."""
    row = unit_appraisal_get_for_user(request.user, row_id)
    if not row.appraisal.is_published:
        raise Http404
    from weasyprint import HTML  # imported when asked for: it loads Pango

    html = render_to_string("appraisals/certificate.html", {"row": row, "appraisal": row.appraisal})
    return upload_response(
        io.BytesIO(HTML(string=html).write_pdf()),
        filename=f"certificate-{row.appraisal.year}-{row.unit_id}.pdf",
    )
