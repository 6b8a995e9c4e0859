"""The alliance's monthly figures for a part of the tree, computed in the database."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Avg, Case, Count, F, FloatField, Q, Value, When
from django.db.models.functions import TruncMonth

from common.months import add_months, bounds, key
from grids.figures import Figures
from grids.models import Node, in_subtree

from .models import (
    Attendance,
    AttendanceStatus,
    Escalation,
    Evaluation,
    FollowUp,
    Grade,
    Meeting,
    MeetingStatus,
)

GRADE_SCORE = {Grade.EXCELLENT: 4, Grade.GOOD: 3, Grade.FAIR: 2, Grade.POOR: 1}


def monthly(node: Node, months: list[datetime.date], *, split: bool = False) -> dict:
    """Meetings held, attendance, follow-up items opened, closed on time, overdue and escalated,
    and the month's unit grades, for every month in `months`, under `node` (by community too
    with `split`; see grids.figures)."""
    start, end = bounds(months[0], months[-1])
    rows = Figures(node, months, split=split)
    meetings = Meeting.objects.filter(
        in_subtree(node, "committee__node"),
        status=MeetingStatus.HELD,
        starts_at__gte=start,
        starts_at__lt=end,
    )
    by_month = rows.grouped(
        meetings.annotate(m=TruncMonth("starts_at")), "m", node="committee__node"
    )
    for row in by_month.annotate(n=Count("pk")):
        rows.at(row, row["m"])["meetings_held"] = row["n"]
    attendance = rows.grouped(
        Attendance.objects.filter(meeting__in=meetings).annotate(
            m=TruncMonth("meeting__starts_at")
        ),
        "m",
        node="meeting__committee__node",
    ).annotate(
        n=Count("pk"),
        present=Count(
            "pk",
            filter=Q(status__in=[AttendanceStatus.PRESENT, AttendanceStatus.SUBSTITUTE]),
        ),
    )
    for row in attendance:
        rows.at(row, row["m"])["attendance_rate"] = round(100 * row["present"] / row["n"], 1)
    items = FollowUp.objects.filter(in_subtree(node, "meeting__committee__node"))
    opened = items.filter(created_at__gte=start, created_at__lt=end)
    item_node = "meeting__committee__node"
    opened = rows.grouped(opened.annotate(m=TruncMonth("created_at")), "m", node=item_node)
    for row in opened.annotate(n=Count("pk")):
        rows.at(row, row["m"])["items_opened"] = row["n"]
    closed = rows.grouped(
        items.filter(closed_at__gte=start, closed_at__lt=end).annotate(m=TruncMonth("closed_at")),
        "m",
        node=item_node,
    ).annotate(
        n=Count("pk"),
        on_time=Count("pk", filter=Q(closed_at__date__lte=F("due_on"))),
    )
    for row in closed:
        rows.at(row, row["m"])["items_closed"] = row["n"]
        rows.at(row, row["m"])["items_closed_on_time"] = row["on_time"]
    # Overdue at each month's end: due before it, not closed by it. One query for all months.
    overdue = items.filter(due_on__lt=end.date()).filter(
        Q(closed_at__isnull=True) | Q(closed_at__gte=start)
    )
    ends = {key(m): add_months(m, 1) for m in months}
    alias = {name: f"m{index}" for index, name in enumerate(ends)}
    counts = rows.totals(
        overdue,
        node=item_node,
        **{
            alias[name]: Count(
                "pk",
                filter=Q(due_on__lt=month_end, created_at__date__lt=month_end)
                & (Q(closed_at__isnull=True) | Q(closed_at__date__gte=month_end)),
            )
            for name, month_end in ends.items()
        },
    )
    for count in counts:
        for name in ends:
            rows.at(count, name)["items_overdue"] = count[alias[name]]
    escalated = Escalation.objects.filter(
        in_subtree(node, "followup__meeting__committee__node"),
        raised_at__gte=start,
        raised_at__lt=end,
    ).annotate(m=TruncMonth("raised_at"))
    escalated = rows.grouped(escalated, "m", node="followup__meeting__committee__node")
    for row in escalated.annotate(n=Count("pk")):
        rows.at(row, row["m"])["items_escalated"] = row["n"]
    grades = Evaluation.objects.filter(
        in_subtree(node, "committee__node"),
        unit__isnull=False,
        month__gte=months[0],
        month__lte=months[-1],
    )
    grades = rows.grouped(grades, "month", "grade", node="committee__node")
    for row in grades.annotate(n=Count("pk")):
        rows.at(row, row["month"]).setdefault("grades", {})[row["grade"]] = row["n"]
    for row, _month, _community in rows.each():
        for field in (
            "meetings_held",
            "items_opened",
            "items_closed",
            "items_closed_on_time",
            "items_escalated",
        ):
            row.setdefault(field, 0)
        row.setdefault("attendance_rate", None)
        row.setdefault("grades", {})
        row["closure_rate"] = (
            round(100 * row["items_closed_on_time"] / row["items_closed"], 1)
            if row["items_closed"]
            else None
        )
        row.setdefault("items_overdue", 0)
    return rows.result()


def league(node: Node, month: datetime.date, limit: int = 20) -> dict[str, list[dict[str, Any]]]:
    """Communities and units ranked by their average grade in `month` (4 excellent … 1 poor)."""
    evaluations = Evaluation.objects.filter(
        in_subtree(node, "committee__node"), month=month, unit__isnull=False
    )
    score = Avg(
        Case(
            *(When(grade=grade, then=Value(points)) for grade, points in GRADE_SCORE.items()),
            output_field=FloatField(),
        )
    )
    units = (
        evaluations.values("unit_id", "unit__name", "committee__node__name")
        .annotate(n=Count("pk"), points=score)
        .order_by("-points", "unit__name")[:limit]
    )
    communities = (
        evaluations.values("committee__node_id", "committee__node__name")
        .annotate(n=Count("pk"), points=score)
        .order_by("-points", "committee__node__name")
    )
    return {
        "communities": [
            {
                "id": row["committee__node_id"],
                "name": row["committee__node__name"],
                "graded": row["n"],
                "score": round(row["points"], 2),
            }
            for row in communities
        ],
        "units": [
            {
                "id": row["unit_id"],
                "name": row["unit__name"],
                "community": row["committee__node__name"],
                "graded": row["n"],
                "score": round(row["points"], 2),
            }
            for row in units
        ],
    }
