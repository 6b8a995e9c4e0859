"""The three lists' pages: the demand list and a need's page (matching, offers, the project made
of it), the resource list, and each community's public page of the three lists, where residents
rate finished projects."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role, User
from accounts.scope import can_manage, scope_for
from common.forms import refusal_to_form, refusal_to_messages
from common.paging import paginate
from common.params import parse_query, posted_id
from grids.models import Node, NodeKind
from organizations.models import Unit
from servicedesk.selectors import cases_for_needs, menus_of_units

from .. import forms, services
from ..models import Need, NeedStatus, Project, ProjectStatus, Resource
from ..permissions import (
    need_get_for_user,
    needs_for,
    project_get_for_user,
    resource_get_for_user,
    units_for_resources,
    units_to_match,
)
from ..selectors import (
    URGENCY_FIRST,
    community_list_figures,
    need_matches,
    needs_for_unit,
    needs_listed,
    needs_sources_listed,
    projects_listed,
    resources_of,
)
from ..services import lists as list_services
from . import rating_post, with_voter_cookie

PAGE = 25
# A need's page lists this many units that may meet it (the best first): enough to choose from
# on a phone without scrolling past a street's every unit.
MATCHES_SHOWN = 8


def _contact_unit(user: User) -> Unit | None:
    return user.unit if user.role == Role.UNIT_CONTACT and user.unit_id else None


def _communities(user: User) -> QuerySet[Node]:
    return scope_for(user).filter(Node.objects.filter(kind=NodeKind.COMMUNITY)).order_by("lft")


def _places(user: User) -> QuerySet[Node]:
    """The compounds a need may be placed at: those in the user's scope."""
    compounds = Node.objects.filter(kind=NodeKind.COMPOUND).select_related("parent")
    return scope_for(user).filter(compounds).order_by("lft")


@login_required
def needs(request: HttpRequest) -> HttpResponse:
    """The demand list: staff see their communities' needs, record one, and put the desk's
    requests and wishes on it; a unit's contact sees the open needs its resources answer."""
    unit = _contact_unit(request.user)
    if unit is not None:
        return _unit_needs(request, unit)
    if not can_manage(request.user):
        raise PermissionDenied
    communities = _communities(request.user)
    query = parse_query(forms.NeedsQuery, request, communities=communities)
    community = query["community"] or (communities[0] if len(communities) == 1 else None)
    form = forms.NeedForm(
        request.POST or None,
        communities=communities,
        places=_places(request.user),
        initial={"community": community},
    )
    if request.method == "POST":
        created = _record(request, form)
        if created is not None:
            messages.success(request, _("The need is on the demand list."))
            return redirect("pledges:need", created.pk)
    rows = needs_for(request.user)
    if community is not None:
        rows = rows.filter(community=community)
    if query["status"]:
        rows = rows.filter(status=query["status"])
    pager = paginate(
        request,
        needs_listed(rows).order_by(URGENCY_FIRST, "-created_at", "pk"),
        query["page"],
        PAGE,
    )
    cases = (
        cases_for_needs(community, needs_sources_listed(community)) if community is not None else []
    )
    status = 400 if request.method == "POST" else 200
    context = {
        "rows": pager.page.object_list,
        "pager": pager,
        "form": form,
        "community": community,
        "communities": communities,
        "statuses": NeedStatus.choices,
        "chosen_status": query["status"],
        "cases": cases,
        "case_form": forms.CaseToNeedForm(),
        "figures": community_list_figures(community) if community is not None else None,
    }
    return render(request, "pledges/needs.html", context, status=status)


def _record(request: HttpRequest, form: forms.NeedForm):
    """Record the posted need: typed in the form, or a desk case put on the list."""
    if "source_id" in request.POST:
        case = forms.CaseToNeedForm(request.POST)
        community = form.fields["community"].queryset.filter(pk=posted_id(request, "community"))
        if not case.is_valid() or not community:
            messages.error(request, _("Choose a category and say how many people it touches."))
            return None
        try:
            return list_services.need_record(
                community=community[0], by=request.user, **case.cleaned_data
            )
        except (ValidationError, PermissionDenied) as exc:
            refusal_to_messages(request, exc)
            return None
    if not form.is_valid():
        return None
    try:
        return list_services.need_record(by=request.user, **form.cleaned_data)
    except (ValidationError, PermissionDenied) as exc:
        refusal_to_form(form, exc)
        return None


def _unit_needs(request: HttpRequest, unit: Unit) -> HttpResponse:
    query = parse_query(forms.NeedsQuery, request, communities=Node.objects.none())
    pager = paginate(request, needs_for_unit(unit), query["page"], PAGE)
    return render(
        request,
        "pledges/unit_needs.html",
        {"unit": unit, "rows": pager.page.object_list, "pager": pager},
    )


@login_required
def need_page(request: HttpRequest, need_id: int) -> HttpResponse:
    """A need: its offers; for staff the units that may meet it, with reasons, and the form
    that makes it a project; for a unit's contact, the offer."""
    return _need_render(request, need_get_for_user(request.user, need_id))


def _need_render(
    request: HttpRequest, need: Need, project_form: forms.NeedProjectForm | None = None
) -> HttpResponse:
    """The need's page; `project_form` is the staff's refused form to show again."""
    unit = _contact_unit(request.user)
    runs = can_manage(request.user) and scope_for(request.user).contains(need.community)
    offers = need.offers.select_related("unit", "resource").order_by("offered_at", "pk")
    context = {"need": need, "offers": offers, "runs": runs, "unit": unit}
    if runs:
        units = units_to_match(request.user, need)
        context["matches"] = need_matches(need, units, limit=MATCHES_SHOWN)
        context["project_form"] = project_form or forms.NeedProjectForm(
            units=units,
            resources=_matching_resources(need, units),
            initial={"title": need.title, "goal": need.description or need.title},
        )
    if unit is not None:
        context["offered"] = any(o.unit_id == unit.pk for o in offers)
        context["offer_form"] = forms.OfferForm(resources=_own_resources(unit))
    return render(request, "pledges/need.html", context)


def _matching_resources(need: Need, units: QuerySet[Unit]) -> QuerySet[Resource]:
    return (
        Resource.objects.filter(unit__in=units, active=True, category=need.category)
        .select_related("unit")
        .order_by("unit__name", "title")
    )


def _own_resources(unit: Unit) -> QuerySet[Resource]:
    return Resource.objects.filter(unit=unit, active=True).order_by("title")


@login_required
@require_POST
def need_action(request: HttpRequest, need_id: int, action: str) -> HttpResponse:
    """Offer (a unit's contact), make a project or withdraw (staff)."""
    need = need_get_for_user(request.user, need_id)
    unit = _contact_unit(request.user)
    runs = can_manage(request.user) and scope_for(request.user).contains(need.community)
    if (action == "offer" and unit is None) or (action != "offer" and not runs):
        raise PermissionDenied
    try:
        if action == "offer":
            form = forms.OfferForm(request.POST, resources=_own_resources(unit))
            if not form.is_valid():
                raise ValidationError(_("Say what your unit offers."))
            list_services.need_offer(need=need, unit=unit, by=request.user, **form.cleaned_data)
            messages.success(request, _("Your offer was sent to the community."))
        elif action == "project":
            units = units_to_match(request.user, need)
            form = forms.NeedProjectForm(
                request.POST, units=units, resources=_matching_resources(need, units)
            )
            if not form.is_valid():
                return _need_render(request, need, project_form=form)
            project = list_services.need_to_project(need=need, by=request.user, **form.cleaned_data)
            messages.success(request, _("The need is now a co-building project."))
            return redirect("pledges:project", project.pk)
        elif action == "withdraw":
            list_services.need_withdraw(need=need, by=request.user)
            messages.success(request, _("The need was withdrawn."))
        else:
            raise Http404
    except ValidationError as exc:
        refusal_to_messages(request, exc)
    return redirect("pledges:need", need.pk)


@login_required
def resources(request: HttpRequest) -> HttpResponse:
    """The resource list: a unit's contact keeps its unit's; staff see and add those of the
    units in their scope, with the service menus beside them."""
    unit = _contact_unit(request.user)
    if unit is None and not can_manage(request.user):
        raise PermissionDenied
    units = units_for_resources(request.user)
    form = forms.ResourceForm(request.POST or None, units=units)
    if request.method == "POST":
        if "resource" in request.POST:
            resource = resource_get_for_user(request.user, posted_id(request, "resource"))
            try:
                list_services.resource_set_active(
                    resource=resource, active=not resource.active, by=request.user
                )
            except (ValidationError, PermissionDenied) as exc:
                refusal_to_messages(request, exc)
            return redirect("pledges:resources")
        if form.is_valid():
            try:
                list_services.resource_add(by=request.user, **form.cleaned_data)
            except (ValidationError, PermissionDenied) as exc:
                refusal_to_form(form, exc)
            else:
                messages.success(request, _("The resource is on the list."))
                return redirect("pledges:resources")
    query = parse_query(forms.NeedsQuery, request, communities=Node.objects.none())
    pager = paginate(request, resources_of(units), query["page"], PAGE)
    return render(
        request,
        "pledges/resources.html",
        {
            "rows": pager.page.object_list,
            "pager": pager,
            "form": form,
            "unit": unit,
            "menus": menus_of_units(units)[:PAGE],
        },
        status=400 if request.method == "POST" else 200,
    )


# Needs, resources or projects a page of a community's public lists.
PUBLIC_PAGE = 20


def public_lists(request: HttpRequest, node_id: int) -> HttpResponse:
    """A community's three lists for everyone: its needs (what, where, how many, how it is
    going), the resources its street's units give, and the projects made of the needs, which
    residents rate once finished. No one's name or phone."""
    community = Node.objects.filter(pk=node_id, kind=NodeKind.COMMUNITY).first()
    if community is None:
        raise Http404
    query = parse_query(forms.PublicListsQuery, request)
    shown = query["list"] or "needs"
    if shown == "needs":
        rows = needs_listed(community.needs.exclude(status=NeedStatus.WITHDRAWN)).order_by(
            "status", URGENCY_FIRST, "-created_at", "pk"
        )
    elif shown == "resources":
        units = Unit.objects.filter(community=community, left_on__isnull=True)
        rows = resources_of(units).filter(active=True)
    else:
        rows = projects_listed(
            Project.objects.filter(needs__community=community).distinct()
        ).order_by("-starts_on", "pk")
    page = query["page"]
    if page is None and query["rated"] and shown == "projects":
        ids = list(rows.values_list("pk", flat=True))
        page = ids.index(query["rated"]) // PUBLIC_PAGE + 1 if query["rated"] in ids else 1
    pager = paginate(request, rows, page, PUBLIC_PAGE)
    context = {
        "community": community,
        "shown": shown,
        "rows": pager.page.object_list,
        "pager": pager,
        "figures": community_list_figures(community),
        "rating_form": forms.RatingForm(),
        "rated": query["rated"],
        "completed": ProjectStatus.COMPLETED,
    }
    return with_voter_cookie(request, render(request, "pledges/public_lists.html", context))


@require_POST
def project_rate(request: HttpRequest, project_id: int) -> HttpResponse:
    """Record a resident's rating of a completed project made of a community's need."""
    project = Project.objects.filter(pk=project_id, needs__isnull=False).first()
    if project is None:
        raise Http404
    community_id = project.needs.values_list("community_id", flat=True).first()
    rating_post(request, lambda **given: list_services.project_rate(project=project, **given))
    back = reverse("pledges:public-lists", args=[community_id])
    return with_voter_cookie(
        request, redirect(f"{back}?list=projects&rated={project.pk}#project-{project.pk}")
    )


@login_required
@require_POST
def project_run(request: HttpRequest, project_id: int) -> HttpResponse:
    """Staff move a project on (status, progress) or add a milestone, done or not."""
    project = project_get_for_user(request.user, project_id)
    if not can_manage(request.user):
        raise PermissionDenied
    try:
        if "done" in request.POST:
            milestone = project.milestones.filter(pk=posted_id(request, "done")).first()
            if milestone is None:
                raise Http404
            services.milestone_done(milestone=milestone)
            messages.success(request, _("Milestone done."))
        elif "milestone" in request.POST:
            form = forms.MilestoneForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Give the milestone and its date."))
            services.milestone_add(project=project, **form.cleaned_data)
            messages.success(request, _("Milestone added."))
        else:
            form = forms.ProjectProgressForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Choose a status and a progress from 0 to 100."))
            services.project_progress(project=project, **form.cleaned_data)
            messages.success(request, _("Progress saved."))
    except ValidationError as exc:
        refusal_to_messages(request, exc)
    return redirect("pledges:project", project.pk)
