"""Volunteer pages: register, activities and sign-up, QR check-in, my hours and points (public
and volunteers); approvals, the check-in screen, dual-report boards and score sheets (staff)."""

from __future__ import annotations

import csv

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.scope import can_manage, get_or_404, place_for, scope_for
from common.cells import safe_row
from common.forms import refusal_to_messages
from common.months import bounds, key, last_finished_month
from common.params import parse_query, posted_id, posted_ids
from common.public_cache import public_page
from common.queries import count_per_row
from common.ratelimit import over_limit
from grids.cards import qr_svg
from grids.forms import PlaceMonthQuery, StreetQuery
from grids.models import Node, in_subtree
from grids.selectors import default_street
from organizations.models import Unit
from organizations.selectors import unit_matches

from . import forms, selectors, services
from .exports import approved_hours, national_hours_sheet
from .models import (
    Activity,
    CheckIn,
    CheckInStatus,
    DualReport,
    PostClaim,
    ServicePost,
    Signup,
    SignupStatus,
    Team,
    Volunteer,
    VolunteerStatus,
)
from .permissions import (
    may_run_activity,
    may_see_unit_sheet,
    volunteer_of,
    volunteers_for,
)


def _street(request: HttpRequest) -> Node:
    code = parse_query(StreetQuery, request)["street"]
    street = default_street(code or settings.PORTAL_DEFAULT_STREET)
    if street is None:
        raise Http404
    return street


def register(request: HttpRequest) -> HttpResponse:
    """Register as a volunteer; the community approves before the account opens."""
    form = forms.RegisterForm(request.POST or None, street=_street(request))
    if request.method == "POST" and form.is_valid() and over_limit(request, "volunteer"):
        form.add_error(None, _("Too many submissions from your network; please try again later."))
    elif request.method == "POST" and form.is_valid():
        try:
            services.volunteer_register(**form.cleaned_data)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, exc)
        else:
            # The same page whether the number was new or registered already (then nothing
            # was saved): the form does not tell anyone whose number is registered.
            return render(
                request, "volunteers/registered.html", {"name": form.cleaned_data["name"]}
            )
    return render(request, "volunteers/register.html", {"form": form})


def unit_suggestions(request: HttpRequest) -> JsonResponse:
    """Names of the street's member units holding ?q= (ten at most), for the work-unit field of
    the sign-up form: the roster is public, as on the pledge boards."""
    street = _street(request)
    text = parse_query(forms.UnitSuggestionQuery, request)["q"]
    names = [unit.name for unit in unit_matches(street, text[:50])]
    response = JsonResponse({"results": names})
    response["Cache-Control"] = "public, max-age=300"
    return response


@public_page
def activities(request: HttpRequest) -> HttpResponse:
    street = _street(request)
    upcoming = (
        Activity.objects.filter(
            in_subtree(street, "node"), ends_at__gte=timezone.now(), cancelled_at__isnull=True
        )
        .select_related("node", "organiser_unit", "organiser_team")
        .annotate(
            taken=count_per_row(Signup.objects.filter(status=SignupStatus.CONFIRMED), "activity")
        )
        .order_by("starts_at")[:100]
    )
    return render(request, "volunteers/activities.html", {"street": street, "activities": upcoming})


def activity_page(request: HttpRequest, activity_id: int) -> HttpResponse:
    activity = get_or_404(Activity.objects.select_related("node", "organiser_unit"), activity_id)
    me = volunteer_of(request.user)
    mine = Signup.objects.filter(activity=activity, volunteer=me).first() if me else None
    taken = activity.signups.filter(status=SignupStatus.CONFIRMED).count()
    context = {
        "activity": activity,
        "me": me,
        "mine": mine,
        "taken": taken,
        "runs": may_run_activity(request.user, activity),
    }
    return render(request, "volunteers/activity.html", context)


@login_required
@require_POST
def signup(request: HttpRequest, activity_id: int) -> HttpResponse:
    activity = get_or_404(Activity.objects.all(), activity_id)
    me = volunteer_of(request.user)
    if me is None:
        raise PermissionDenied
    action = request.POST.get("action", "join")
    try:
        if action == "cancel":
            mine = get_or_404(Signup.objects.filter(volunteer=me), request.POST.get("signup"))
            services.signup_cancel(signup=mine)
            messages.success(request, _("Your sign-up was cancelled."))
        else:
            result = services.activity_signup(activity=activity, volunteer=me)
            messages.success(
                request,
                _("You have a place.")
                if result.status == SignupStatus.CONFIRMED
                else _("The activity is full: you are on the waiting list."),
            )
    except ValidationError as exc:
        refusal_to_messages(request, exc)
    return redirect("volunteers:activity", activity.pk)


@login_required
@require_POST
def cancel(request: HttpRequest, activity_id: int) -> HttpResponse:
    activity = get_or_404(Activity.objects.all(), activity_id)
    if not may_run_activity(request.user, activity):
        raise Http404
    try:
        count = services.activity_cancel(activity=activity)
    except ValidationError as exc:
        refusal_to_messages(request, exc)
    else:
        messages.success(
            request, _("The activity was cancelled; %(n)d sign-ups with it.") % {"n": count}
        )
    return redirect("volunteers:activity", activity.pk)


def posts(request: HttpRequest) -> HttpResponse:
    """Service posts (服务岗位) open this year, with places left; volunteers claim them here."""
    street = _street(request)
    today = timezone.localdate()
    open_posts = (
        ServicePost.objects.filter(in_subtree(street, "node"), ends_on__gte=today)
        .select_related("node")
        .annotate(held=Count("claims", filter=Q(claims__released_at__isnull=True)))
        .order_by("node__lft", "title")[:300]
    )
    me = volunteer_of(request.user)
    mine = (
        set(
            PostClaim.objects.filter(volunteer=me, released_at__isnull=True).values_list(
                "post_id", flat=True
            )
        )
        if me
        else set()
    )
    if request.method == "POST":
        if me is None:
            raise PermissionDenied
        post = get_or_404(ServicePost.objects.all(), request.POST.get("post"))
        try:
            if post.pk in mine:
                services.post_release(
                    claim=PostClaim.objects.get(post=post, volunteer=me, released_at__isnull=True)
                )
                messages.success(request, _("You gave the post back."))
            else:
                services.post_claim(post=post, volunteer=me)
                messages.success(request, _("The post is yours."))
        except ValidationError as exc:
            refusal_to_messages(request, exc)
        return redirect("volunteers:posts")
    return render(
        request,
        "volunteers/posts.html",
        {"street": street, "posts": open_posts, "me": me, "mine": mine},
    )


@login_required
@require_POST
def report_slip(request: HttpRequest) -> HttpResponse:
    """An in-service party member reports to the community where they live (双报到)."""
    me = volunteer_of(request.user)
    if me is None:
        raise PermissionDenied
    try:
        services.dual_report_member(volunteer=me, year=timezone.localdate().year)
    except ValidationError as exc:
        refusal_to_messages(request, exc)
    else:
        messages.success(
            request,
            _("You have reported to %(community)s for this year.")
            % {"community": me.community.name},
        )
    return redirect("volunteers:me")


@login_required
def checkin(request: HttpRequest, activity_id: int, code: str) -> HttpResponse:
    """The page a volunteer reaches by scanning the organiser's screen: check in or out."""
    activity = get_or_404(Activity.objects.all(), activity_id)
    me = volunteer_of(request.user)
    if me is None:
        raise PermissionDenied
    current = CheckIn.objects.filter(activity=activity, volunteer=me).first()
    if request.method == "POST":
        try:
            if current is not None and current.status == CheckInStatus.OPEN:
                current = services.check_out(activity=activity, volunteer=me, code=code)
                messages.success(
                    request, _("Checked out: %(hours)s hours.") % {"hours": current.hours}
                )
            else:
                current = services.check_in(activity=activity, volunteer=me, code=code)
                messages.success(request, _("Checked in. Thank you for serving!"))
        except ValidationError as exc:
            refusal_to_messages(request, exc)
        return redirect(request.path)
    return render(request, "volunteers/checkin.html", {"activity": activity, "current": current})


@login_required
def screen(request: HttpRequest, activity_id: int) -> HttpResponse:
    """The organiser's screen: the rotating QR code, who is in, and the hours to approve."""
    activity = get_or_404(Activity.objects.select_related("node"), activity_id)
    if not may_run_activity(request.user, activity):
        raise Http404
    if request.method == "POST":
        form = forms.ReviewHoursForm(request.POST)
        ids = posted_ids(request, "checkin")
        if form.is_valid() and ids:
            chosen = list(
                CheckIn.objects.filter(activity=activity, pk__in=ids).select_related(
                    "volunteer", "activity"
                )
            )
            count = services.hours_review(
                checkins=chosen, approve=form.cleaned_data["approve"], by=request.user
            )
            messages.success(request, _("%(n)d stays reviewed.") % {"n": count})
        return redirect("volunteers:screen", activity.pk)
    code = services.checkin_code(activity)
    url = request.build_absolute_uri(reverse("volunteers:checkin", args=[activity.pk, code]))
    checkins = activity.checkins.select_related("volunteer").order_by("checked_in_at")
    context = {
        "activity": activity,
        "qr": qr_svg(url),
        "url": url,
        "checkins": checkins,
        "refresh": services.QR_WINDOW_SECONDS // 2,
    }
    return render(request, "volunteers/screen.html", context)


@login_required
def me(request: HttpRequest) -> HttpResponse:
    """A volunteer's own page: hours by kind, points and their history, sign-ups."""
    volunteer = volunteer_of(request.user)
    if volunteer is None:
        raise Http404
    if request.method == "POST":
        form = forms.ConsentForm(request.POST)
        if form.is_valid():
            services.volunteer_consent_set(volunteer=volunteer, **form.cleaned_data)
            messages.success(request, _("Your choice was saved."))
        return redirect("volunteers:me")
    context = {
        "volunteer": volunteer,
        "consent_form": forms.ConsentForm(initial={"show_publicly": volunteer.show_publicly}),
        "balance": selectors.balance(volunteer),
        "hours": selectors.hours_by_kind(volunteer),
        "entries": volunteer.points.select_related("rule")[:100],
        "signups": volunteer.signups.select_related("activity").order_by("-activity__starts_at")[
            :50
        ],
        "report": volunteer.dual_reports.filter(year=timezone.localdate().year).first(),
        "may_report": volunteer.is_party_member and volunteer.work_unit_id is not None,
    }
    return render(request, "volunteers/me.html", context)


LEADERBOARD_SECONDS = 300


@public_page
def leaderboards(request: HttpRequest) -> HttpResponse:
    street = _street(request)

    def boards() -> dict:
        volunteers = Volunteer.objects.filter(
            in_subtree(street, "community"), status=VolunteerStatus.ACTIVE
        )
        return {
            "people": selectors.leaderboard(volunteers),
            "teams": selectors.team_leaderboard(Team.objects.filter(in_subtree(street, "node"))),
            "communities": selectors.community_leaderboard(
                Node.objects.communities().filter(in_subtree(street))
            ),
        }

    # Summing every point of every volunteer is the slow part; the boards may lag by minutes.
    context = cache.get_or_set(f"volunteers:leaderboards:{street.pk}", boards, LEADERBOARD_SECONDS)
    return render(request, "volunteers/leaderboards.html", {"street": street, **context})


@login_required
def approvals(request: HttpRequest) -> HttpResponse:
    if not can_manage(request.user):
        raise PermissionDenied
    pending = (
        volunteers_for(request.user)
        .filter(status=VolunteerStatus.PENDING)
        .select_related("work_unit")
    )
    if request.method == "POST":
        chosen = pending.filter(pk__in=posted_ids(request, "volunteer"))
        approve = request.POST.get("approve") == "1"
        for volunteer in chosen:
            services.volunteer_review(volunteer=volunteer, approve=approve, by=request.user)
        messages.success(request, _("%(n)d registrations handled.") % {"n": len(chosen)})
        return redirect("volunteers:approvals")
    return render(request, "volunteers/approvals.html", {"pending": pending[:200]})


@login_required
def compliance(request: HttpRequest, community_id: int, year: int) -> HttpResponse:
    """The community's dual-report board: reporting members, services, who is under ten."""
    if not can_manage(request.user):
        raise Http404  # outside the back office no community is in scope
    community = get_or_404(scope_for(request.user).filter(Node.objects.communities()), community_id)
    if request.method == "POST":
        report = get_or_404(
            DualReport.objects.filter(community=community, year=year), request.POST.get("report")
        )
        team = Team.objects.filter(
            in_subtree(community.street_node(), "node"), pk=posted_id(request, "team")
        ).first()
        grid = Node.objects.grids().filter(pk=posted_id(request, "grid")).first()
        if grid is not None and not scope_for(request.user).contains(grid):
            grid = None
        services.dual_report_confirm(report=report, by=request.user, grid=grid, team=team)
        messages.success(request, _("The report is confirmed."))
        return redirect(request.path)
    rows = selectors.compliance_board(community, year)
    context = {
        "community": community,
        "year": year,
        "rows": rows,
        "under": sum(1 for r in rows if r["under_ten"]),
        "teams": Team.objects.filter(in_subtree(community, "node")).order_by("name"),
        "grids": Node.objects.grids().under(community).order_by("lft"),
    }
    return render(request, "volunteers/compliance.html", context)


@login_required
def score_sheet(request: HttpRequest, unit_id: int, year: int) -> HttpResponse:
    """A unit's members' services in their home communities, with proof; ?format=csv to export."""
    unit = get_or_404(Unit.objects.all(), unit_id)
    if not may_see_unit_sheet(request.user, unit.pk):
        raise Http404
    if can_manage(request.user) and not scope_for(request.user).contains(unit.community):
        raise Http404
    rows = selectors.unit_score_sheet(unit, year)
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="score-sheet-{unit.pk}-{year}.csv"'
        response.write("\ufeff")  # so spreadsheet programs read the Chinese right
        writer = csv.writer(response)
        writer.writerow(
            [_("Member"), _("Home community"), _("Services"), _("Under ten"), _("Dates of service")]
        )
        for row in rows:
            dates = " ".join(
                f"{timezone.localtime(c.checked_in_at):%Y-%m-%d}" for c in row["proof"]
            )
            writer.writerow(
                safe_row(
                    [
                        row["report"].volunteer.name,
                        row["report"].community.name,
                        row["services"],
                        _("yes") if row["under_ten"] else _("no"),
                        dates,
                    ]
                )
            )
        return response
    return render(
        request, "volunteers/score_sheet.html", {"unit": unit, "year": year, "rows": rows}
    )


@login_required
def hours_export(request: HttpRequest) -> HttpResponse:
    """The month's approved hours under a place, for the national volunteer service system."""
    query = parse_query(PlaceMonthQuery, request)
    node = place_for(request.user, query["node"])
    month = query["month"] or last_finished_month()
    start, end = bounds(month, month)
    rows = approved_hours(CheckIn.objects.filter(in_subtree(node, "community")), start, end)
    response = HttpResponse(
        national_hours_sheet(rows).export("xlsx"),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="volunteer-hours-{node.code}-{key(month)}.xlsx"'
    )
    return response
