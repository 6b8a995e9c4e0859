"""HTML pages of the alliance: rota, meetings, items, grading, a unit's own page."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.models import User
from accounts.scope import get_or_404
from common.paging import paginate
from common.params import InvalidQuery, parse_query
from common.uploads import upload_response
from grids.cards import qr_svg
from organizations.models import Unit
from pledges.selectors import needs_for_topics

from . import forms
from .calendar import meeting_ics
from .filters import FollowUpFilter
from .models import (
    FollowUp,
    FollowUpStatus,
    Meeting,
    MeetingPhoto,
    MeetingStatus,
    TopicSource,
)
from .permissions import (
    committee_get_for_user,
    committees_visible_to,
    contact_unit_id,
    followup_get_for_user,
    followups_visible_to,
    may_decide_for_district,
    may_handle_escalations,
    may_report_to_district,
    may_run,
    meeting_get_for_user,
    meetings_visible_to,
    require_run,
)
from .selectors import (
    attendance_counts,
    attendance_sheet,
    carried_forward,
    followup_list,
    meeting_detail,
    month_evaluation,
    rota_history,
    rota_year,
    unit_dashboard,
)
from .services import evaluations, followups, meetings, rota


def _act(
    request: HttpRequest, form: Any, action: Callable[[dict], Any], success: str, to: str
) -> HttpResponse:
    """Run `action` with the form's data; show the form's or the service's errors otherwise."""
    if form.is_valid():
        try:
            action(form.cleaned_data)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, success)
    else:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}: {error}" if label else error)
    return redirect(to)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The alliance start page: committees in scope, or the unit's own page for contacts."""
    if contact_unit_id(request.user):
        return redirect("alliance:my-unit")
    committees = committees_visible_to(request.user).order_by("node__tree_id", "node__lft")
    if not committees.exists() and not request.user.is_staff:
        raise PermissionDenied
    upcoming = (
        meetings_visible_to(request.user)
        .filter(starts_at__gte=timezone.now() - datetime.timedelta(days=1))
        .select_related("committee", "convener")
        .order_by("starts_at")[:20]
    )
    return render(
        request,
        "alliance/home.html",
        {
            "committees": committees,
            "upcoming": upcoming,
            "year": timezone.localdate().year,
            "month": f"{timezone.localdate():%Y-%m}",
            "may_grade": may_handle_escalations(request.user),
        },
    )


@login_required
def rota_page(request: HttpRequest, committee_id: int, year: int) -> HttpResponse:
    committee = committee_get_for_user(request.user, committee_id)
    if not committee.has_rota:
        raise Http404
    return render(
        request,
        "alliance/rota.html",
        {
            "committee": committee,
            "year": year,
            "months": rota_year(committee, year),
            "history": rota_history(committee, year),
            "may_run": may_run(request.user, committee),
            "now_month": f"{timezone.localdate():%Y-%m}",
            "swap_form": forms.RotaSwapForm(),
            "skip_form": forms.RotaSkipForm(),
        },
    )


@login_required
@require_POST
def rota_action(request: HttpRequest, committee_id: int, year: int, action: str) -> HttpResponse:
    committee = committee_get_for_user(request.user, committee_id)
    require_run(request.user, committee)
    to = reverse("alliance:rota", args=[committee.pk, year])
    if action == "generate":
        return _act(
            request,
            forms.ConfirmForm(request.POST),
            lambda d: rota.rota_generate(committee=committee, year=year, by=request.user),
            _("The rota was generated."),
            to,
        )
    if action == "swap":
        return _act(
            request,
            forms.RotaSwapForm(request.POST),
            lambda d: rota.rota_swap(committee=committee, year=year, by=request.user, **d),
            _("The months were swapped."),
            to,
        )
    if action == "skip":
        return _act(
            request,
            forms.RotaSkipForm(request.POST),
            lambda d: rota.rota_skip(committee=committee, year=year, by=request.user, **d),
            _("The unit was skipped."),
            to,
        )
    raise Http404


@login_required
def meeting_new(request: HttpRequest, committee_id: int) -> HttpResponse:
    """Schedule a meeting of a committee the user runs."""
    committee = committee_get_for_user(request.user, committee_id)
    require_run(request.user, committee)
    form = forms.MeetingScheduleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = meetings.meeting_schedule(committee=committee, **form.cleaned_data)
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("The meeting is scheduled."))
            return redirect("alliance:meeting", meeting.pk)
    return render(request, "alliance/meeting_new.html", {"committee": committee, "form": form})


@login_required
def meeting_page(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = meeting_get_for_user(request.user, meeting_id)
    meeting = meeting_detail(meeting.pk, Meeting.objects.all())
    runs = may_run(request.user, meeting.committee)
    unit_id = contact_unit_id(request.user)
    units = Unit.objects.filter(pk__in=[a.unit_id for a in meeting.attendance.all()])
    checkin_url = request.build_absolute_uri(
        reverse("alliance:checkin", args=[meeting.checkin_token])
    )
    return render(
        request,
        "alliance/meeting.html",
        {
            "meeting": meeting,
            "runs": runs,
            "unit_id": unit_id,
            "today": timezone.localdate(),
            "minutes_open": meeting.starts_at <= timezone.now(),
            "checkin_url": checkin_url,
            "checkin_qr": qr_svg(checkin_url) if runs else None,
            "topic_form": forms.TopicForm(
                needs=needs_for_topics(meeting.committee.node) if runs else ()
            ),
            "substitute_form": forms.SubstituteForm(),
            "minutes_form": forms.MinutesForm(initial={"minutes": meeting.minutes}),
            "resolution_form": forms.ResolutionForm(),
            "held": meeting.status == MeetingStatus.HELD,
            "photos": list(meeting.photos.all()),
            "report_form": forms.ClosingReportForm(
                initial={"residents_present": meeting.residents_present}
            ),
            "photo_form": forms.MeetingPhotoForm(),
            "followup_form": forms.FollowUpForm(units=units, resolutions=meeting.resolutions.all()),
            "reschedule_form": forms.RescheduleForm(
                initial={
                    "starts_at": timezone.localtime(meeting.starts_at),
                    "ends_at": timezone.localtime(meeting.ends_at),
                }
            ),
        },
    )


def _meeting_url(meeting: Meeting) -> str:
    return reverse("alliance:meeting", args=[meeting.pk])


def _own_unit(request: HttpRequest) -> Unit:
    """The unit a unit contact acts for; anyone else may not take a unit's own action."""
    unit_id = contact_unit_id(request.user)
    if not unit_id:
        raise PermissionDenied
    return Unit.objects.get(pk=unit_id)


def _meeting_topic(request: HttpRequest, meeting: Meeting) -> HttpResponse:
    unit_id = contact_unit_id(request.user)
    if not (may_run(request.user, meeting.committee) or unit_id):
        raise PermissionDenied
    unit = Unit.objects.filter(pk=unit_id).first() if unit_id else None

    def propose(d: dict) -> None:
        source = TopicSource.RESIDENT if d["from_residents"] else TopicSource.MEMBER
        meetings.topic_propose(
            meeting=meeting,
            title=d["title"],
            description=d["description"],
            unit=unit,
            source=source,
            need_id=d.get("need"),
        )

    runs = may_run(request.user, meeting.committee)
    needs = needs_for_topics(meeting.committee.node) if runs else ()
    form = forms.TopicForm(request.POST, needs=needs)
    return _act(request, form, propose, _("The topic is on the agenda."), _meeting_url(meeting))


def _meeting_confirm(request: HttpRequest, meeting: Meeting) -> HttpResponse:
    unit = _own_unit(request)  # a unit confirms its own attendance; staff record it
    meetings.attendance_confirm(meeting=meeting, unit=unit)
    messages.success(request, _("Your unit's attendance is confirmed."))
    return redirect(_meeting_url(meeting))


def _meeting_substitute(request: HttpRequest, meeting: Meeting) -> HttpResponse:
    unit = _own_unit(request)  # a unit names its own substitute; staff record attendance
    return _act(
        request,
        forms.SubstituteForm(request.POST),
        lambda d: meetings.attendance_substitute(meeting=meeting, unit=unit, **d),
        _("Your unit's substitute is on the attendance list."),
        _meeting_url(meeting),
    )


MeetingAction = Callable[[HttpRequest, Meeting], HttpResponse]


def _committee_action(
    form: Callable[[HttpRequest, Meeting], Any],
    call: Callable[..., Any],
    success: str | Promise,
) -> MeetingAction:
    """An action only those who run the meeting's committee take: `form` reads the post,
    `call(meeting=..., **cleaned_data)` is the service."""

    def action(request: HttpRequest, meeting: Meeting) -> HttpResponse:
        require_run(request.user, meeting.committee)
        return _act(
            request,
            form(request, meeting),
            lambda d: call(meeting=meeting, **d),
            str(success),
            _meeting_url(meeting),
        )

    return action


def _attending(meeting: Meeting) -> Any:
    return Unit.objects.filter(attendance__meeting=meeting)


# What each button on a meeting's page does: the URL's last part names the action.
MEETING_ACTIONS: dict[str, MeetingAction] = {
    "topic": _meeting_topic,
    "confirm": _meeting_confirm,
    "substitute": _meeting_substitute,
    "minutes": _committee_action(
        lambda r, m: forms.MinutesForm(r.POST),
        meetings.minutes_publish,
        gettext_lazy("The minutes are published."),
    ),
    "resolution": _committee_action(
        lambda r, m: forms.ResolutionForm(r.POST),
        meetings.resolution_add,
        gettext_lazy("Resolution recorded."),
    ),
    "followup": _committee_action(
        lambda r, m: forms.FollowUpForm(
            r.POST, units=_attending(m), resolutions=m.resolutions.all()
        ),
        followups.followup_create,
        gettext_lazy("Follow-up item created."),
    ),
    "report": _committee_action(
        lambda r, m: forms.ClosingReportForm(r.POST),
        meetings.meeting_report,
        gettext_lazy("The closing report is saved."),
    ),
    "photo": lambda request, meeting: _committee_action(
        lambda r, m: forms.MeetingPhotoForm(r.POST, r.FILES),
        lambda **d: meetings.meeting_photo_add(by=request.user, **d),
        gettext_lazy("The photo is added to the closing report."),
    )(request, meeting),
    "reschedule": _committee_action(
        lambda r, m: forms.RescheduleForm(r.POST),
        meetings.meeting_reschedule,
        gettext_lazy("The meeting was moved; members will be told the new time."),
    ),
}


@login_required
@require_POST
def meeting_action(request: HttpRequest, meeting_id: int, action: str) -> HttpResponse:
    meeting = meeting_get_for_user(request.user, meeting_id)
    if action not in MEETING_ACTIONS:
        raise Http404
    return MEETING_ACTIONS[action](request, meeting)


@login_required
def meeting_attendance(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The whole attendance of a meeting on one form, one save; QR check-ins fill in live."""
    meeting = meeting_get_for_user(request.user, meeting_id)
    require_run(request.user, meeting.committee)
    rows = attendance_sheet(meeting)
    form = forms.AttendanceSheetForm(request.POST or None, rows=rows)
    if request.method == "POST" and form.is_valid():
        try:
            changed = meetings.attendance_record_all(meeting=meeting, entries=form.entries())
        except ValidationError as exc:
            _line_errors(form, exc, suffix="status")
        else:
            messages.success(
                request, _("Attendance saved: %(n)s units changed.") % {"n": len(changed)}
            )
            return redirect("alliance:meeting-attendance", meeting.pk)
    return render(
        request,
        "alliance/attendance.html",
        {
            "meeting": meeting,
            "form": form,
            "counts": attendance_counts(rows),
            "live_url": reverse("alliance:meeting-attendance-live", args=[meeting.pk]),
        },
        status=400 if form.is_bound else 200,
    )


@login_required
def meeting_attendance_live(request: HttpRequest, meeting_id: int) -> JsonResponse:
    """The units checked in so far by the QR code, for the attendance sheet to fill in."""
    meeting = meeting_get_for_user(request.user, meeting_id)
    require_run(request.user, meeting.committee)
    return JsonResponse(
        {
            "checked_in": [
                {"unit": row.unit_id, "at": f"{timezone.localtime(row.checked_in_at):%H:%M}"}
                for row in meeting.attendance.exclude(checked_in_at=None).only(
                    "unit_id", "checked_in_at"
                )
            ]
        }
    )


def _line_errors(form: Any, exc: ValidationError, suffix: str) -> None:
    """Put a service's refusals (keyed `unit-<id>`) beside the lines they concern."""
    if not hasattr(exc, "error_dict"):
        for message in exc.messages:
            form.add_error(None, message)
        return
    for key, errors in exc.message_dict.items():
        field = f"{key}-{suffix}"
        for message in errors:
            form.add_error(field if field in form.fields else None, message)


@login_required
def meeting_print(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = meeting_get_for_user(request.user, meeting_id)
    meeting = meeting_detail(meeting.pk, Meeting.objects.all())
    rows = list(meeting.attendance.all())
    return render(
        request,
        "alliance/minutes_print.html",
        {
            "meeting": meeting,
            "street": meeting.committee.node.street_node(),
            "counts": attendance_counts(rows),
            "carried": carried_forward(meeting),
            "photos": list(meeting.photos.all()),
        },
    )


@login_required
def meeting_calendar(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = meeting_get_for_user(request.user, meeting_id)
    response = HttpResponse(
        meeting_ics(meeting, request), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
    return response


@login_required
def checkin(request: HttpRequest, token: str) -> HttpResponse:
    """The page a delegate opens from the meeting's QR code to mark the unit present."""
    meeting = Meeting.objects.select_related("committee").filter(checkin_token=token).first()
    unit_id = contact_unit_id(request.user)
    if meeting is None or unit_id is None:
        raise Http404
    unit = Unit.objects.get(pk=unit_id)
    if request.method == "POST":
        try:
            meetings.attendance_check_in(meeting=meeting, unit=unit)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("%(unit)s is checked in. Welcome!") % {"unit": unit})
        return redirect(request.path)
    row = meeting.attendance.filter(unit=unit).first()
    expected = row is not None or meetings.unit_expected(meeting=meeting, unit=unit)
    return render(
        request,
        "alliance/checkin.html",
        {"meeting": meeting, "unit": unit, "row": row, "expected": expected},
    )


# Follow-up items a page: enough for a month's meetings, short enough for a phone.
FOLLOWUPS_PAGE = 25


@login_required
def followup_index(request: HttpRequest) -> HttpResponse:
    """Follow-up items with their SLA lights, filtered, a page at a time."""
    items = followup_list(followups_visible_to(request.user))
    filters = FollowUpFilter(request.GET, queryset=items)
    if not filters.is_valid():
        raise InvalidQuery(filters.form.errors)
    params = {**filters.form.cleaned_data, **parse_query(forms.FollowUpQuery, request)}
    pager = paginate(request, filters.qs, params["page"], FOLLOWUPS_PAGE)
    return render(
        request,
        "alliance/followups.html",
        {
            "items": pager.page.object_list,
            "pager": pager,
            "today": timezone.localdate(),
            "statuses": FollowUpStatus.choices,
            "params": params,
        },
    )


@login_required
def followup_page(request: HttpRequest, item_id: int) -> HttpResponse:
    item = followup_get_for_user(request.user, item_id)
    committee = item.meeting.committee
    escalation = getattr(item, "escalation", None)
    report = getattr(item, "district_report", None)
    return render(
        request,
        "alliance/followup.html",
        {
            "item": item,
            "escalation": escalation,
            "district_report": report,
            "may_refer": report is None
            and may_report_to_district(request.user, item)
            and followups.district_report_allowed(item)
            and item.meeting.committee.node.street_node().district_node() is not None,
            "may_rule": may_decide_for_district(request.user, item),
            "refer_form": forms.ReferForm(),
            "ruling_form": forms.RulingForm(),
            "today": timezone.localdate(),
            "light": item.sla_light(),
            "may_update": item.status != FollowUpStatus.DONE
            and (
                may_run(request.user, committee) or contact_unit_id(request.user) == item.owner_id
            ),
            "may_review": item.status == FollowUpStatus.REPORTED
            and may_run(request.user, committee),
            "may_escalate": may_run(request.user, committee)
            and committee.has_rota
            and escalation is None
            and item.status != FollowUpStatus.DONE,
            "may_decide": escalation is not None
            and escalation.is_open
            and not (report is not None and report.is_open)
            and may_handle_escalations(request.user),
            "update_form": forms.FollowUpUpdateForm(
                initial={"status": item.status, "evidence_text": item.evidence_text}
            ),
            "escalate_form": forms.EscalateForm(),
            "decision_form": forms.DecisionForm(),
            "accept_form": forms.AcceptForm(),
            "return_form": forms.ReturnForm(),
        },
    )


@login_required
def meeting_photo(request: HttpRequest, photo_id: int) -> FileResponse:
    """A closing report's photo, to those who may see the meeting, and nobody else."""
    photo = get_or_404(
        MeetingPhoto.objects.filter(meeting__in=meetings_visible_to(request.user)), photo_id
    )
    return upload_response(photo.photo.open("rb"), filename=photo.photo.name, inline=True)


@login_required
def followup_evidence(request: HttpRequest, item_id: int) -> FileResponse:
    """Serve an item's evidence file to those who may see the item, and nobody else."""
    item = followup_get_for_user(request.user, item_id)
    if not item.evidence_file:
        raise Http404
    return upload_response(item.evidence_file.open("rb"), filename=item.evidence_file.name)


ItemAction = Callable[[HttpRequest, FollowUp], HttpResponse]


def _item_action(
    form: Callable[[HttpRequest], Any],
    call: Callable[..., Any],
    success: Callable[[HttpRequest], str],
    allowed: Callable[[User, FollowUp], bool],
) -> ItemAction:
    """An action on an item: `allowed` checks the user, `form` reads the post, `call(item=...,
    by=..., **cleaned_data)` is the service, `success` the message shown after it."""

    def action(request: HttpRequest, item: FollowUp) -> HttpResponse:
        if not allowed(request.user, item):
            raise PermissionDenied
        return _act(
            request,
            form(request),
            lambda d: call(item=item, by=request.user, **d),
            success(request),
            reverse("alliance:followup", args=[item.pk]),
        )

    return action


def _runs_item(user: User, item: FollowUp) -> bool:
    return may_run(user, item.meeting.committee)


def _owns_or_runs_item(user: User, item: FollowUp) -> bool:
    return _runs_item(user, item) or contact_unit_id(user) == item.owner_id


def _decide(*, item: FollowUp, by: User, **data: Any) -> Any:
    return followups.escalation_decide(escalation=item.escalation, by=by, **data)


def _rule(*, item: FollowUp, by: User, **data: Any) -> Any:
    return followups.district_report_decide(report=item.district_report, by=by, **data)


def _updated(request: HttpRequest) -> str:
    if request.POST.get("status") == FollowUpStatus.REPORTED:
        return _("Reported done: the secretary will review it.")
    return _("The item was updated.")


# What each button on an item's page does: the URL's last part names the action.
FOLLOWUP_ACTIONS: dict[str, ItemAction] = {
    "update": _item_action(
        lambda r: forms.FollowUpUpdateForm(r.POST, r.FILES),
        followups.followup_update,
        _updated,
        _owns_or_runs_item,
    ),
    "accept": _item_action(
        lambda r: forms.AcceptForm(r.POST),
        followups.followup_accept,
        lambda r: _("Accepted: the item is closed."),
        _runs_item,
    ),
    "return": _item_action(
        lambda r: forms.ReturnForm(r.POST),
        followups.followup_return,
        lambda r: _("Sent back to the unit with your reason."),
        _runs_item,
    ),
    "escalate": _item_action(
        lambda r: forms.EscalateForm(r.POST),
        followups.followup_escalate,
        lambda r: _("The item went up to the street committee."),
        _runs_item,
    ),
    "refer": _item_action(
        lambda r: forms.ReferForm(r.POST),
        followups.followup_report_to_district,
        lambda r: _("The item was reported to the district."),
        may_report_to_district,
    ),
    "rule": _item_action(
        lambda r: forms.RulingForm(r.POST),
        _rule,
        lambda r: _("The district's decision was sent back."),
        may_decide_for_district,
    ),
    "decide": _item_action(
        lambda r: forms.DecisionForm(r.POST),
        _decide,
        lambda r: _("The street's decision was sent back."),
        lambda user, item: hasattr(item, "escalation") and may_handle_escalations(user),
    ),
}


@login_required
@require_POST
def followup_action(request: HttpRequest, item_id: int, action: str) -> HttpResponse:
    item = followup_get_for_user(request.user, item_id)
    if action not in FOLLOWUP_ACTIONS:
        raise Http404
    return FOLLOWUP_ACTIONS[action](request, item)


def _month(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(f"{value}-01")
    except ValueError as exc:
        raise Http404 from exc


@login_required
def evaluation_page(request: HttpRequest, committee_id: int, month: str) -> HttpResponse:
    """Grade a month on one form: every unit and item, each beside its suggestion."""
    committee = committee_get_for_user(request.user, committee_id)
    if not may_handle_escalations(request.user):
        raise PermissionDenied
    first = _month(month)
    rows = month_evaluation(committee, first)
    form = forms.MonthGradingForm(request.POST or None, rows=rows)
    if request.method == "POST" and form.is_valid():
        units, items = form.entries()
        try:
            saved = evaluations.evaluation_grade_month(
                committee=committee, month=first, units=units, items=items, by=request.user
            )
        except ValidationError as exc:
            _line_errors(form, exc, suffix="note")
        else:
            messages.success(request, _("%(n)s grades saved.") % {"n": len(saved)})
            return redirect(request.path)
    return render(
        request,
        "alliance/evaluation.html",
        {"committee": committee, "month": first, "rows": rows, "form": form},
        status=400 if form.is_bound else 200,
    )


@login_required
def my_unit(request: HttpRequest) -> HttpResponse:
    unit_id = contact_unit_id(request.user)
    if unit_id is None:
        raise Http404
    unit = Unit.objects.select_related("community").get(pk=unit_id)
    return render(
        request,
        "alliance/my_unit.html",
        {**unit_dashboard(unit, timezone.localdate()), "today": timezone.localdate()},
    )
