"""Monthly evaluation (等次) of follow-up items and of each unit's co-building."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.models import Unit
from pledges.selectors import unit_pledge_scores
from servicedesk.selectors import requests_closed_by_units
from summons.selectors import unit_summons_figures
from volunteers.selectors import dual_report_month_by_unit, team_hours_by_unit

from ..models import (
    Attendance,
    AttendanceStatus,
    Committee,
    Evaluation,
    FollowUp,
    FollowUpStatus,
    Grade,
    Meeting,
    MeetingStatus,
)
from .rota import month_bounds

if TYPE_CHECKING:
    from accounts.models import User

TEAM_HOURS_FOR_FULL_MARKS = 10
LEAVE_COUNTS = 0.5


def _grade_from_score(score: float) -> str:
    if score >= 0.9:
        return Grade.EXCELLENT
    if score >= 0.75:
        return Grade.GOOD
    if score >= 0.5:
        return Grade.FAIR
    return Grade.POOR


def suggested_item_grade(item: FollowUp, month: datetime.date) -> str:
    """Suggest a grade for an item at the end of `month`: on time is excellent, overdue poor."""
    _first, last = month_bounds(month.year, month.month)
    if item.status == FollowUpStatus.DONE and item.closed_at:
        closed = timezone.localtime(item.closed_at).date()
        return Grade.EXCELLENT if closed <= item.due_on else Grade.FAIR
    return Grade.POOR if item.due_on < last else Grade.GOOD


def held_months(committee: Committee, months: list[datetime.date]) -> set[datetime.date]:
    """Return the months of `months` (first days) in which the committee held the meeting due
    then; a quarterly committee's months between its meetings are never among them."""
    if not months:
        return set()
    first, last = min(months), month_bounds(max(months).year, max(months).month)[1]
    held = Meeting.objects.filter(
        committee=committee,
        status=MeetingStatus.HELD,
        starts_at__date__range=(first, last),
    ).values_list("starts_at", flat=True)
    found = {timezone.localtime(when).date().replace(day=1) for when in held}
    return found & {month.replace(day=1) for month in months if committee.meets_in(month)}


def month_is_held(committee: Committee, month: datetime.date) -> bool:
    """Return whether the committee's meeting of `month` has been held (minutes published)."""
    return bool(held_months(committee, [month.replace(day=1)]))


# Present in person or through a substitute: the unit came.
ATTENDED = (AttendanceStatus.PRESENT, AttendanceStatus.SUBSTITUTE)


def counted_attendance(
    rows: QuerySet[Attendance], first: datetime.date, last: datetime.date
) -> QuerySet[Attendance]:
    """Return (unit id, status) of the lines of `rows` that count between `first` and `last`:
    only a meeting that was held counts, and only what was recorded of it (a meeting still to
    come, or a line the secretary left unrecorded, is nobody's absence)."""
    return (
        rows.filter(
            meeting__starts_at__date__range=(first, last), meeting__status=MeetingStatus.HELD
        )
        .exclude(status=AttendanceStatus.EXPECTED)
        .values_list("unit_id", "status")
    )


def closed_on_time(status: str, closed_at: datetime.datetime | None, due_on: datetime.date) -> bool:
    """Return whether a follow-up item was accepted done by its due day."""
    return bool(
        status == FollowUpStatus.DONE
        and closed_at
        and timezone.localtime(closed_at).date() <= due_on
    )


def unit_month_figures(committee: Committee, month: datetime.date) -> dict[int, dict[str, int]]:
    """Return, per unit, the facts behind its suggested grade: attendance at the month's held
    meetings, items closed on time (accepted by the secretary), pledges kept, requests settled,
    volunteer hours and the dual report of its in-service members.

    A quarterly committee's meeting month answers for its whole quarter. A fixed number of
    queries for the whole committee, whatever the number of units.
    """
    first, last = committee.period_of(month)
    figures: dict[int, dict[str, int]] = {}

    def row(unit_id: int) -> dict[str, int]:
        return figures.setdefault(
            unit_id, {"expected": 0, "attended": 0, "items_due": 0, "on_time": 0}
        )

    attendance = counted_attendance(
        Attendance.objects.filter(meeting__committee=committee), first, last
    )
    for unit_id, status in attendance:
        row(unit_id)["expected"] += 1
        if status in ATTENDED:
            row(unit_id)["attended"] += 1
        elif status == AttendanceStatus.LEAVE:
            row(unit_id)["on_leave"] = row(unit_id).get("on_leave", 0) + 1
    due = FollowUp.objects.filter(
        meeting__committee=committee, due_on__range=(first, last)
    ).values_list("owner_id", "status", "closed_at", "due_on")
    for owner_id, status, closed_at, due_on in due:
        row(owner_id)["items_due"] += 1
        if closed_on_time(status, closed_at, due_on):
            row(owner_id)["on_time"] += 1
    unit_ids = list(
        Unit.objects.filter(community_id=committee.node_id).values_list("pk", flat=True)
    )
    for unit_id, score in unit_pledge_scores(unit_ids, first, last).items():
        row(unit_id)["pledge_score"] = score
    for unit_id, hours in team_hours_by_unit(unit_ids, first, last).items():
        row(unit_id)["team_hours"] = hours
    for unit_id, closed, reopened in requests_closed_by_units(unit_ids, first, last):
        row(unit_id)["requests_closed"] = closed
        row(unit_id)["requests_reopened"] = reopened
    for unit_id, (reported, served) in dual_report_month_by_unit(unit_ids, first, last).items():
        row(unit_id)["members_reported"] = reported
        row(unit_id)["members_served"] = served
    for unit_id, answered in unit_summons_figures(unit_ids, first, last).items():
        row(unit_id).update(answered)
    return figures


def grade_from_figures(figures: dict[str, Any] | None) -> str:
    """Suggest a grade from attendance, items on time, residents' satisfaction with the unit's
    pledges, its service requests not reopened and its volunteer team's hours (equal weights
    over what applies)."""
    figures = figures or {}
    parts = []
    if figures.get("expected"):
        # Leave asked for with a reason counts half: better than staying away unannounced.
        attended = figures["attended"] + LEAVE_COUNTS * figures.get("on_leave", 0)
        parts.append(attended / figures["expected"])
    if figures.get("items_due"):
        parts.append(figures["on_time"] / figures["items_due"])
    if figures.get("pledge_score") is not None:
        parts.append(figures["pledge_score"])
    if figures.get("team_hours"):
        # A unit's volunteer team counts toward its co-building: ten hours a month counts fully.
        parts.append(min(1.0, float(figures["team_hours"]) / TEAM_HOURS_FOR_FULL_MARKS))
    if figures.get("requests_closed"):
        # A request the resident reopened as not solved counts against the unit that closed it.
        parts.append(1 - figures.get("requests_reopened", 0) / figures["requests_closed"])
    if figures.get("members_reported"):
        # Each reporting member serves in the home community at least once a month.
        parts.append(figures.get("members_served", 0) / figures["members_reported"])
    if figures.get("summoned"):
        # A unit the community summoned (吹哨) answers by being on site by the deadline.
        parts.append(figures.get("summons_in_time", 0) / figures["summoned"])
    if not parts:
        return Grade.GOOD
    return _grade_from_score(sum(parts) / len(parts))


def grade_reasons(figures: dict[str, Any] | None) -> list[str]:
    """Return the facts behind a suggested grade, one short line each, in the user's language."""
    figures = figures or {}
    reasons = []
    if figures.get("expected"):
        reasons.append(
            _("Attended %(attended)s of %(expected)s meetings")
            % {"attended": figures["attended"], "expected": figures["expected"]}
        )
        if figures.get("on_leave"):
            reasons.append(_("On leave: %(n)s") % {"n": figures["on_leave"]})
    if figures.get("items_due"):
        reasons.append(
            _("Items closed on time: %(on_time)s of %(due)s")
            % {"on_time": figures["on_time"], "due": figures["items_due"]}
        )
    if figures.get("pledge_score") is not None:
        reasons.append(
            _("Pledges kept, residents satisfied: %(rate)s%%")
            % {"rate": round(figures["pledge_score"] * 100)}
        )
    if figures.get("team_hours"):
        reasons.append(
            _("Volunteer team: %(hours)s hours") % {"hours": f"{figures['team_hours']:g}"}
        )
    if figures.get("requests_closed"):
        reasons.append(
            _("Service requests settled: %(closed)s, reopened: %(reopened)s")
            % {
                "closed": figures["requests_closed"],
                "reopened": figures.get("requests_reopened", 0),
            }
        )
    if figures.get("members_reported"):
        reasons.append(
            _("Dual report: %(served)s of %(reported)s members served this month")
            % {
                "served": figures.get("members_served", 0),
                "reported": figures["members_reported"],
            }
        )
    if figures.get("summoned"):
        reasons.append(
            _("Summons: on site in time %(in_time)s of %(summoned)s times")
            % {"in_time": figures.get("summons_in_time", 0), "summoned": figures["summoned"]}
        )
    if not reasons:
        reasons.append(_("No facts this month: the suggestion is the middle grade."))
    return reasons


def suggested_unit_grade(committee: Committee, unit: Unit, month: datetime.date) -> str:
    """Suggest a unit's grade for a month."""
    return grade_from_figures(unit_month_figures(committee, month).get(unit.pk))


def _require_held(committee: Committee, month: datetime.date) -> None:
    if not committee.meets_in(month):
        raise ValidationError(
            _(
                "%(committee)s meets quarterly: it is graded in March, June, September and "
                "December, for the whole quarter."
            )
            % {"committee": committee}
        )
    if not month_is_held(committee, month):
        raise ValidationError(
            _(
                "%(committee)s has held no meeting in %(month)s yet: "
                "a month is graded after its meeting."
            )
            % {"committee": committee, "month": f"{month:%Y-%m}"}
        )


@dataclass(frozen=True)
class GradeEntry:
    """One line of a month's grading form: the grade given and, when it departs from the
    suggestion, the note that says why."""

    grade: str
    note: str = ""


def _require_note(grade: str, suggested: str, note: str) -> None:
    if grade != suggested and not note.strip():
        raise ValidationError(
            _("The grade differs from the suggested %(suggested)s: say why in the note.")
            % {"suggested": Grade(suggested).label}
        )


def _save_grade(
    *,
    committee: Committee,
    month: datetime.date,
    unit: Unit | None,
    item: FollowUp | None,
    entry: GradeEntry,
    suggested: str,
    existing: Evaluation | None,
    by: User | None,
) -> Evaluation:
    _require_note(entry.grade, suggested, entry.note)
    evaluation = existing or Evaluation(committee=committee, month=month, unit=unit, followup=item)
    evaluation.grade, evaluation.suggested_grade = entry.grade, suggested
    evaluation.feedback, evaluation.graded_by = entry.note.strip(), by
    evaluation.graded_at = timezone.now()
    evaluation.full_clean(validate_constraints=False)
    evaluation.save()
    return evaluation


@transaction.atomic
def evaluation_grade(
    *,
    committee: Committee,
    month: datetime.date,
    grade: str,
    feedback: str = "",
    unit: Unit | None = None,
    item: FollowUp | None = None,
    by: User = None,
) -> Evaluation:
    """Grade a unit's co-building or an item for a month, keeping the suggested grade beside it.

    Only a month whose meeting was held is graded; a grade other than the suggestion needs a
    note."""
    if (unit is None) == (item is None):
        raise ValidationError(_("Grade either a unit or a follow-up item."))
    month = month.replace(day=1)
    _require_held(committee, month)
    suggested = (
        suggested_unit_grade(committee, unit, month) if unit else suggested_item_grade(item, month)
    )
    lookup = {"committee": committee, "month": month, "unit": unit, "followup": item}
    return _save_grade(
        committee=committee,
        month=month,
        unit=unit,
        item=item,
        entry=GradeEntry(grade=grade, note=feedback),
        suggested=suggested,
        existing=Evaluation.objects.filter(**lookup).first(),
        by=by,
    )


@transaction.atomic
def evaluation_grade_month(
    *,
    committee: Committee,
    month: datetime.date,
    units: Mapping[Unit, GradeEntry],
    items: Mapping[FollowUp, GradeEntry],
    by: User | None = None,
) -> list[Evaluation]:
    """Grade a whole month in one go: every unit and item given, each beside its suggestion.

    All or nothing: if any line is refused, nothing is saved and the error names each line
    (keys `unit-<pk>` and `item-<pk>`)."""
    month = month.replace(day=1)
    _require_held(committee, month)
    figures = unit_month_figures(committee, month)
    existing = {
        (e.unit_id, e.followup_id): e
        for e in Evaluation.objects.filter(committee=committee, month=month)
    }
    saved, errors = [], {}
    lines = [(f"unit-{u.pk}", u, None, e) for u, e in units.items()] + [
        (f"item-{i.pk}", None, i, e) for i, e in items.items()
    ]
    for key, unit, item, entry in lines:
        suggested = (
            grade_from_figures(figures.get(unit.pk)) if unit else suggested_item_grade(item, month)
        )
        try:
            saved.append(
                _save_grade(
                    committee=committee,
                    month=month,
                    unit=unit,
                    item=item,
                    entry=entry,
                    suggested=suggested,
                    existing=existing.get((unit.pk if unit else None, item.pk if item else None)),
                    by=by,
                )
            )
        except ValidationError as exc:
            errors[key] = exc.messages
    if errors:
        raise ValidationError(errors)
    return saved
