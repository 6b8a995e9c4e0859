"""Monthly evaluation (等次) of follow-up items and of each unit's co-building."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.models import Unit
from pledges.selectors import unit_pledge_scores
from servicedesk.selectors import requests_closed_by_units
from volunteers.selectors import team_hours_by_unit

from ..models import (
    Attendance,
    AttendanceStatus,
    Committee,
    Evaluation,
    FollowUp,
    FollowUpStatus,
    Grade,
    MeetingStatus,
)
from .rota import month_bounds

if TYPE_CHECKING:
    from accounts.models import User

TEAM_HOURS_FOR_FULL_MARKS = 10


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


def unit_month_figures(committee: Committee, month: datetime.date) -> dict[int, dict[str, int]]:
    """Return, per unit, the attendance and on-time figures behind its suggested grade.

    Two queries for the whole committee, whatever the number of units.
    """
    first, last = month_bounds(month.year, month.month)
    figures: dict[int, dict[str, int]] = {}

    def row(unit_id: int) -> dict[str, int]:
        return figures.setdefault(
            unit_id, {"expected": 0, "attended": 0, "items_due": 0, "on_time": 0}
        )

    attendance = (
        Attendance.objects.filter(
            meeting__committee=committee, meeting__starts_at__date__range=(first, last)
        )
        .exclude(meeting__status=MeetingStatus.CANCELLED)
        .values_list("unit_id", "status")
    )
    for unit_id, status in attendance:
        row(unit_id)["expected"] += 1
        if status in (AttendanceStatus.PRESENT, AttendanceStatus.SUBSTITUTE):
            row(unit_id)["attended"] += 1
    due = FollowUp.objects.filter(
        meeting__committee=committee, due_on__range=(first, last)
    ).values_list("owner_id", "status", "closed_at", "due_on")
    for owner_id, status, closed_at, due_on in due:
        row(owner_id)["items_due"] += 1
        if (
            status == FollowUpStatus.DONE
            and closed_at
            and timezone.localtime(closed_at).date() <= due_on
        ):
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
    return figures


def grade_from_figures(figures: dict[str, Any] | None) -> str:
    """Suggest a grade from attendance, items on time, residents' satisfaction with the unit's
    pledges, its service requests not reopened and its volunteer team's hours (equal weights
    over what applies)."""
    figures = figures or {}
    parts = []
    if figures.get("expected"):
        parts.append(figures["attended"] / figures["expected"])
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
    if not parts:
        return Grade.GOOD
    return _grade_from_score(sum(parts) / len(parts))


def suggested_unit_grade(committee: Committee, unit: Unit, month: datetime.date) -> str:
    """Suggest a unit's grade for a month."""
    return grade_from_figures(unit_month_figures(committee, month).get(unit.pk))


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
    """Grade a unit's co-building or an item for a month, keeping the suggested grade beside it."""
    if (unit is None) == (item is None):
        raise ValidationError(_("Grade either a unit or a follow-up item."))
    month = month.replace(day=1)
    suggested = (
        suggested_unit_grade(committee, unit, month) if unit else suggested_item_grade(item, month)
    )
    lookup = {"committee": committee, "month": month, "unit": unit, "followup": item}
    evaluation = Evaluation.objects.filter(**lookup).first() or Evaluation(**lookup)
    evaluation.grade, evaluation.suggested_grade = grade, suggested
    evaluation.feedback, evaluation.graded_by, evaluation.graded_at = feedback, by, timezone.now()
    evaluation.full_clean(validate_constraints=False)
    evaluation.save()
    return evaluation
