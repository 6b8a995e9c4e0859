"""Pledge boards and ratings (public), pledge lists and review, the project ledger (signed in)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role
from accounts.scope import can_manage
from common.client import client_ip
from common.forms import refusal_to_messages
from common.paging import Pager, paginate
from common.params import PageQuery, parse_query, posted_id
from common.queries import counts_by
from common.uploads import upload_response
from common.voters import with_voter_cookie
from grids.models import Node, NodeKind
from organizations.models import Unit

from .. import forms, services
from ..models import ListStatus, Pledge, PledgerKind, Satisfaction
from ..permissions import (
    contribution_get_for_user,
    may_edit,
    may_review,
    pledge_list_get_for_user,
    pledge_lists_for,
    project_get_for_user,
    projects_for,
    rater_verified,
    review_queue,
)
from ..selectors import (
    board_lists_query,
    pledge_with_counts,
    project_ledger,
    project_totals_by_unit,
    totals_by_year,
    unit_totals_by_year,
    with_board_pledges,
)
from ..services import VOTER_COOKIE


def _form_errors(request: HttpRequest, form: Any) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)


# A board shows this many pledge lists a page: a community's holds its units' and compounds'
# lists too, too long to scroll on a phone in one go.
BOARD_PAGE = 8


def _board_page(request: HttpRequest, lists, query: dict[str, Any]) -> Pager:
    """The page of `lists` asked for (?page=), or the one holding the pledge just rated."""
    number = query["page"]
    if number is None and query["rated"]:
        rated_list = Pledge.objects.filter(pk=query["rated"]).values("pledge_list_id")[:1]
        ids = list(lists.values_list("pk", flat=True))
        wanted = next(iter(rated_list), {}).get("pledge_list_id")
        number = ids.index(wanted) // BOARD_PAGE + 1 if wanted in ids else 1
    pager = paginate(request, lists, number, BOARD_PAGE)
    with_board_pledges(pager.page.object_list)
    return pager


def board(request: HttpRequest, node_id: int) -> HttpResponse:
    """A community's or compound's public pledge board, with residents' ratings."""
    kinds = [NodeKind.COMMUNITY, NodeKind.COMPOUND, NodeKind.STREET]
    node = Node.objects.filter(pk=node_id, kind__in=kinds).first()
    if node is None:
        raise Http404
    query = parse_query(forms.BoardQuery, request)
    pager = _board_page(request, board_lists_query(node, query["year"]), query)
    context = {
        "node": node,
        "lists": pager.page.object_list,
        "pager": pager,
        "rating_form": forms.RatingForm(),
        "rated": query["rated"],
    }
    return with_voter_cookie(request, render(request, "pledges/board.html", context))


def unit_board(request: HttpRequest, unit_id: int) -> HttpResponse:
    """One member unit's public pledge board."""
    unit = Unit.objects.select_related("community").filter(pk=unit_id).first()
    if unit is None:
        raise Http404
    query = parse_query(forms.BoardQuery, request)
    pager = _board_page(request, board_lists_query(unit.community, unit=unit), query)
    context = {
        "node": unit.community,
        "unit": unit,
        "lists": pager.page.object_list,
        "pager": pager,
        "rating_form": forms.RatingForm(),
    }
    return with_voter_cookie(request, render(request, "pledges/board.html", context))


def rating_post(request: HttpRequest, rate: Callable[..., Any]) -> None:
    """Record the posted rating by `rate(value=, comment=, voter_token=, address=)` once the
    rater is verified and the form is valid; say how it went in the messages."""
    form = forms.RatingForm(request.POST)
    if not rater_verified(request):
        messages.error(request, _("Please verify your phone number before rating."))
    elif form.is_valid():
        try:
            rate(
                voter_token=request.COOKIES.get(VOTER_COOKIE) or "",
                address=client_ip(request),
                **form.cleaned_data,
            )
        except ValidationError as exc:
            refusal_to_messages(request, exc)
        else:
            messages.success(request, _("Thank you for your rating."))
    else:
        _form_errors(request, form)


@require_POST
def rate(request: HttpRequest, pledge_id: int) -> HttpResponse:
    """Record a resident's rating; no account, one per browser per pledge per month."""
    try:
        pledge = pledge_with_counts(pledge_id)
    except Pledge.DoesNotExist as exc:
        raise Http404 from exc
    rating_post(request, lambda **given: services.pledge_rate(pledge=pledge, **given))
    back = reverse("pledges:board", args=[pledge.pledge_list.node_id])
    # The page opens at the rated row, far below the messages at the top of the page: the row
    # repeats them (?rated=), so the outcome is on the screen without scrolling.
    return with_voter_cookie(request, redirect(f"{back}?rated={pledge.pk}#pledge-{pledge.pk}"))


def pledge_photo(request: HttpRequest, pledge_id: int) -> FileResponse:
    """The proof photo of a published pledge, shown on the public board."""
    pledge = (
        Pledge.objects.filter(pk=pledge_id, pledge_list__status=ListStatus.PUBLISHED)
        .exclude(evidence_photo="")
        .first()
    )
    if pledge is None:
        raise Http404
    return upload_response(
        pledge.evidence_photo.open("rb"), filename=pledge.evidence_photo.name, inline=True
    )


@login_required
def my_lists(request: HttpRequest) -> HttpResponse:
    """The lists a user works on (a unit contact's own; staff's in scope), and a new one."""
    lists = pledge_lists_for(request.user).order_by("-year", "pk")[:200]
    unit = request.user.unit if request.user.role == Role.UNIT_CONTACT else None
    form = forms.PledgeListForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST":
        if unit is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                created = services.pledge_list_create(
                    pledger_kind=PledgerKind.UNIT,
                    node=unit.community,
                    unit=unit,
                    by=request.user,
                    **form.cleaned_data,
                )
            except ValidationError as exc:
                refusal_to_messages(request, exc)
            else:
                return redirect("pledges:list", created.pk)
    return render(
        request,
        "pledges/my_lists.html",
        {
            "lists": lists,
            "form": form,
            "unit": unit,
            "queue": review_queue(request.user) if can_manage(request.user) else [],
        },
    )


@login_required
def list_page(request: HttpRequest, list_id: int) -> HttpResponse:
    pledge_list = pledge_list_get_for_user(request.user, list_id)
    return render(
        request,
        "pledges/list.html",
        {
            "pledge_list": pledge_list,
            "pledges": pledge_list.pledges.all(),
            "may_edit": may_edit(request.user, pledge_list),
            "may_review": may_review(request.user, pledge_list),
            "pledge_form": forms.PledgeForm(),
            "review_form": forms.ReviewForm(),
            "progress_form": forms.ProgressForm(),
        },
    )


@login_required
@require_POST
def list_action(request: HttpRequest, list_id: int, action: str) -> HttpResponse:
    pledge_list = pledge_list_get_for_user(request.user, list_id)
    try:
        if action == "review":
            if not may_review(request.user, pledge_list):
                raise PermissionDenied
            form = forms.ReviewForm(request.POST)
            if form.is_valid():
                services.pledge_list_review(
                    pledge_list=pledge_list, by=request.user, **form.cleaned_data
                )
                messages.success(request, _("Review saved."))
            else:
                _form_errors(request, form)
        elif not may_edit(request.user, pledge_list):
            raise PermissionDenied
        elif action == "add":
            form = forms.PledgeForm(request.POST)
            if form.is_valid():
                services.pledge_add(pledge_list=pledge_list, **form.cleaned_data)
                messages.success(request, _("Pledge added."))
            else:
                _form_errors(request, form)
        elif action == "submit":
            services.pledge_list_submit(pledge_list=pledge_list)
            messages.success(request, _("The list was sent for review."))
        elif action == "progress":
            pledge = pledge_list.pledges.filter(pk=posted_id(request, "pledge")).first()
            form = forms.ProgressForm(request.POST, request.FILES)
            if pledge is None:
                raise Http404
            if form.is_valid():
                services.pledge_progress(pledge=pledge, **form.cleaned_data)
                messages.success(request, _("Progress saved."))
            else:
                _form_errors(request, form)
        else:
            raise Http404
    except ValidationError as exc:
        refusal_to_messages(request, exc)
    return redirect("pledges:list", pledge_list.pk)


# Projects a page of the ledger.
PROJECTS_PAGE = 25


@login_required
def projects(request: HttpRequest) -> HttpResponse:
    """The project ledger: every project in view with its totals, a page at a time; a unit
    contact starts a project the unit leads from the form above it."""
    query = parse_query(PageQuery, request)
    unit = request.user.unit if request.user.role == Role.UNIT_CONTACT else None
    form = forms.ProjectForm(request.POST or None) if unit else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                project = services.project_create(
                    node=unit.community, lead_unit=unit, **form.cleaned_data
                )
            except ValidationError as exc:
                refusal_to_messages(request, exc)
            else:
                messages.success(request, _("The project was created."))
                return redirect("pledges:project", project.pk)
        else:
            _form_errors(request, form)
    visible = projects_for(request.user)
    pager = paginate(
        request, project_ledger(visible).order_by("-starts_on", "pk"), query["page"], PROJECTS_PAGE
    )
    context = {
        "form": form,
        "projects": pager.page.object_list,
        "pager": pager,
        "by_year": totals_by_year(visible),
        "unit": unit,
        "unit_by_year": unit_totals_by_year(unit) if unit else [],
    }
    return render(request, "pledges/projects.html", context)


@login_required
def project_page(request: HttpRequest, project_id: int) -> HttpResponse:
    project = project_get_for_user(request.user, project_id)
    unit = request.user.unit if request.user.role == Role.UNIT_CONTACT else None
    runs = can_manage(request.user)
    if request.method == "POST":
        form = forms.ContributionForm(request.POST, request.FILES)
        if unit is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.contribution_add(
                    project=project, unit=unit, by=request.user, **form.cleaned_data
                )
            except ValidationError as exc:
                refusal_to_messages(request, exc)
            else:
                messages.success(request, _("Contribution recorded."))
        else:
            _form_errors(request, form)
        return redirect("pledges:project", project.pk)
    return render(
        request,
        "pledges/project.html",
        {
            "project": project,
            "by_unit": project_totals_by_unit(project),
            "contributions": project.contributions.select_related("unit").order_by(
                "-contributed_on", "pk"
            )[:500],
            "milestones": project.milestones.all(),
            "form": forms.ContributionForm(initial={"contributed_on": timezone.localdate()})
            if unit
            else None,
            "runs": runs,
            "needs": project.needs.select_related("community"),
            "resources": project.resources.select_related("unit"),
            "ratings": counts_by(project.ratings.all(), "value", Satisfaction.values),
            "progress_form": forms.ProjectProgressForm(
                initial={"status": project.status, "progress": project.progress}
            )
            if runs
            else None,
            "milestone_form": forms.MilestoneForm() if runs else None,
        },
    )


@login_required
def contribution_evidence(request: HttpRequest, contribution_id: int) -> HttpResponse:
    """Serve a contribution's evidence file, as a download, to those who see its project."""
    contribution = contribution_get_for_user(request.user, contribution_id)
    if not contribution.evidence_file:
        raise Http404
    return upload_response(
        contribution.evidence_file.open("rb"), filename=contribution.evidence_file.name
    )
