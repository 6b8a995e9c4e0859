"""Reads of the alliance with their joins chosen up front."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from organizations.models import Unit

from .models import (
    AgendaTopic,
    Attendance,
    Committee,
    Evaluation,
    FollowUp,
    Meeting,
    RotaChange,
    RotaSlot,
)
from .services.evaluations import grade_from_figures, suggested_item_grade, unit_month_figures
from .services.rota import month_bounds


def meeting_detail(meeting_id: int, base: QuerySet[Meeting]) -> Meeting:
    """Return a meeting with its agenda, attendance, resolutions and items loaded."""
    return (
        base.select_related("committee__node", "convener")
        .prefetch_related(
            Prefetch(
                "topics", queryset=AgendaTopic.objects.select_related("proposed_by", "followup")
            ),
            Prefetch(
                "attendance",
                queryset=Attendance.objects.select_related("unit").order_by(
                    "unit__rota_order", "unit__name"
                ),
            ),
            "resolutions",
            Prefetch("followups", queryset=FollowUp.objects.select_related("owner", "escalation")),
        )
        .get(pk=meeting_id)
    )


def rota_year(committee: Committee, year: int) -> list[dict[str, Any]]:
    """Return the twelve months of a year's rota, with the unit and the month's meetings."""
    slots = {
        s.month: s
        for s in RotaSlot.objects.filter(committee=committee, year=year).select_related("unit")
    }
    meetings: dict[int, list[Meeting]] = {}
    for meeting in committee.meetings.filter(starts_at__year=year).order_by("starts_at"):
        meetings.setdefault(timezone.localtime(meeting.starts_at).month, []).append(meeting)
    return [
        {
            "month": m,
            "first": datetime.date(year, m, 1),
            "slot": slots.get(m),
            "meetings": meetings.get(m, []),
        }
        for m in range(1, 13)
    ]


def rota_history(committee: Committee, year: int) -> QuerySet[RotaChange]:
    return RotaChange.objects.filter(committee=committee, year=year).select_related(
        "unit", "changed_by"
    )


def followup_list(base: QuerySet[FollowUp]) -> QuerySet[FollowUp]:
    return base.select_related("owner", "meeting__committee__node", "escalation").order_by(
        "due_on", "pk"
    )


def month_evaluation(committee: Committee, month: datetime.date) -> dict[str, list[dict[str, Any]]]:
    """Return the units and items to grade for a month, with suggested and given grades."""
    first, last = month_bounds(month.year, month.month)
    given = {
        (e.unit_id, e.followup_id): e
        for e in Evaluation.objects.filter(committee=committee, month=first)
    }
    if committee.has_rota:
        units = Unit.objects.filter(community_id=committee.node_id).active_on(last).in_rota_order()
    else:
        units = (
            Unit.objects.filter(committee_seats__committee=committee).distinct().order_by("name")
        )
    items = (
        FollowUp.objects.filter(meeting__committee=committee, created_at__date__lte=last)
        .exclude(closed_at__date__lt=first)
        .select_related("owner")
    )
    figures = unit_month_figures(committee, first)
    return {
        "units": [
            {
                "unit": u,
                "figures": figures.get(u.pk),
                "suggested": grade_from_figures(figures.get(u.pk)),
                "given": given.get((u.pk, None)),
            }
            for u in units
        ],
        "items": [
            {
                "item": i,
                "suggested": suggested_item_grade(i, first),
                "given": given.get((None, i.pk)),
            }
            for i in items
        ],
    }


def unit_dashboard(unit: Unit, today: datetime.date) -> dict[str, Any]:
    """Return what a unit contact needs: its convening months, meetings, open items, grades."""
    return {
        "unit": unit,
        "convening": RotaSlot.objects.filter(unit=unit, year__gte=today.year)
        .select_related("committee")
        .order_by("year", "month"),
        "meetings": Meeting.objects.filter(attendance__unit=unit, starts_at__date__gte=today)
        .select_related("committee")
        .order_by("starts_at")[:10],
        "items": FollowUp.objects.unfinished()
        .filter(owner=unit)
        .select_related("meeting__committee")
        .order_by("due_on"),
        "grades": Evaluation.objects.filter(unit=unit)
        .select_related("committee")
        .order_by("-month")[:12],
    }
