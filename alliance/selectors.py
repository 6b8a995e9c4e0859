"""Reads of the alliance with their joins chosen up front."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from common.ledger import Section
from common.months import bounds
from grids.models import Node, in_subtree
from organizations.models import Unit

from .models import (
    CADENCE_MONTHS,
    AgendaTopic,
    Attendance,
    AttendanceStatus,
    Cadence,
    Committee,
    CommitteeKind,
    CommitteeMember,
    DistrictReport,
    Evaluation,
    FollowUp,
    FollowUpStatus,
    Grade,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Resolution,
    RotaChange,
    RotaSlot,
    SlaLight,
    TopicSource,
)
from .services.evaluations import (
    ATTENDED,
    closed_on_time,
    counted_attendance,
    grade_from_figures,
    grade_reasons,
    month_is_held,
    suggested_item_grade,
    unit_month_figures,
)
from .services.rota import month_bounds


def meeting_detail(meeting_id: int, base: QuerySet[Meeting]) -> Meeting:
    """Return a meeting with its agenda, attendance, resolutions and items loaded."""
    return (
        base.select_related("committee__node", "convener")
        .prefetch_related(
            Prefetch(
                "topics",
                queryset=AgendaTopic.objects.select_related("proposed_by", "followup", "need"),
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


def carried_forward(meeting: Meeting) -> QuerySet[FollowUp]:
    """Return the committee's items still open after `meeting` (its own and earlier ones):
    they go on the next meeting's agenda."""
    return (
        FollowUp.objects.unfinished()
        .filter(meeting__committee=meeting.committee, meeting__starts_at__lte=meeting.starts_at)
        .select_related("owner", "meeting")
        .order_by("due_on", "pk")
    )


def attendance_sheet(meeting: Meeting) -> list[Attendance]:
    """Return the meeting's attendance rows in rota order, each with its unit."""
    return list(
        meeting.attendance.select_related("unit").order_by("unit__rota_order", "unit__name", "pk")
    )


def attendance_counts(rows: list[Attendance]) -> list[dict[str, Any]]:
    """Return how many rows have each attendance status, with the status's label."""
    counts = dict.fromkeys(AttendanceStatus.values, 0)
    for row in rows:
        counts[row.status] += 1
    return [
        {"status": status, "label": AttendanceStatus(status).label, "n": n}
        for status, n in counts.items()
    ]


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


def month_evaluation(committee: Committee, month: datetime.date) -> dict[str, Any]:
    """Return the units and items to grade for a month, with suggested and given grades and
    the reasons behind each unit's suggestion; `held` says whether the month can be graded."""
    first, last = month_bounds(month.year, month.month)
    period_first = committee.period_of(first)[0]
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
        .exclude(closed_at__date__lt=period_first)
        .select_related("owner")
    )
    figures = unit_month_figures(committee, first)
    return {
        "held": month_is_held(committee, first),
        "due": committee.meets_in(first),
        "units": [
            {
                "unit": u,
                "figures": figures.get(u.pk),
                "suggested": grade_from_figures(figures.get(u.pk)),
                "suggested_label": Grade(grade_from_figures(figures.get(u.pk))).label,
                "reasons": grade_reasons(figures.get(u.pk)),
                "given": given.get((u.pk, None)),
            }
            for u in units
        ],
        "items": [
            {
                "item": i,
                "suggested": suggested_item_grade(i, first),
                "suggested_label": Grade(suggested_item_grade(i, first)).label,
                "given": given.get((None, i.pk)),
            }
            for i in items
        ],
    }


def unit_dashboard(unit: Unit, today: datetime.date) -> dict[str, Any]:
    """Return what a unit contact needs: its convening months, the meetings it is expected at
    (each with the unit's own attendance row as `unit_attendance`), open items, grades."""
    grades = list(
        Evaluation.objects.filter(unit=unit).select_related("committee").order_by("-month")[:12]
    )
    return {
        "unit": unit,
        "convening": RotaSlot.objects.filter(unit=unit, year__gte=today.year)
        .select_related("committee")
        .order_by("year", "month"),
        "meetings": Meeting.objects.filter(attendance__unit=unit, starts_at__date__gte=today)
        .exclude(status=MeetingStatus.CANCELLED)
        .select_related("committee")
        .prefetch_related(
            Prefetch(
                "attendance",
                queryset=Attendance.objects.filter(unit=unit),
                to_attr="unit_attendance",
            )
        )
        .order_by("starts_at")[:10],
        "items": FollowUp.objects.unfinished()
        .filter(owner=unit)
        .select_related("meeting__committee")
        .order_by("due_on"),
        "grades": grades,
        "latest_grade": grades[0] if grades else None,
    }


def items_by_light(items: QuerySet[FollowUp], today: datetime.date) -> dict[str, Any]:
    """Return the unfinished items of `items` grouped by SLA light (red first), with counts."""
    groups: dict[str, list[FollowUp]] = {SlaLight.RED: [], SlaLight.YELLOW: [], SlaLight.GREEN: []}
    for item in followup_list(items.unfinished()):
        groups[item.sla_light(today)].append(item)
    return {
        "total": sum(len(rows) for rows in groups.values()),
        "groups": [
            {"light": light, "label": SlaLight(light).label, "items": rows}
            for light, rows in groups.items()
        ],
    }


def community_month(committees: QuerySet[Committee], today: datetime.date) -> dict[str, Any]:
    """Return a community's big party committee (the first of `committees`) with this month's
    rotating secretary and meetings, each with its expected and present counts."""
    committee = committees.filter(kind=CommitteeKind.PARTY).select_related("node").first()
    if committee is None:
        return {"committee": None, "slot": None, "meetings": []}
    slot = (
        RotaSlot.objects.filter(committee=committee, year=today.year, month=today.month)
        .select_related("unit")
        .first()
    )
    meetings = list(
        Meeting.objects.filter(committee=committee)
        .in_month(today.year, today.month)
        .select_related("convener")
        .annotate(
            expected_count=Count("attendance"),
            present_count=Count(
                "attendance",
                filter=Q(
                    attendance__status__in=[AttendanceStatus.PRESENT, AttendanceStatus.SUBSTITUTE]
                ),
            ),
        )
        .order_by("starts_at")
    )
    return {"committee": committee, "slot": slot, "meetings": meetings}


def escalations_open(items: QuerySet[FollowUp]) -> QuerySet[FollowUp]:
    """Return the items of `items` escalated to the street and not decided yet, oldest first."""
    return (
        items.filter(escalation__isnull=False, escalation__decided_at__isnull=True)
        .select_related("owner", "meeting__committee__node", "escalation")
        .order_by("escalation__raised_at", "pk")
    )


def grading_state(committees: QuerySet[Committee], month: datetime.date) -> list[dict[str, Any]]:
    """Return, per big party committee of `committees`, the units to grade for `month` and how
    many of them and of its items are graded already (three queries whatever the size)."""
    first, last = month_bounds(month.year, month.month)
    party = list(committees.filter(kind=CommitteeKind.PARTY).select_related("node"))
    node_ids = [c.node_id for c in party]
    units = dict(
        Unit.objects.filter(community_id__in=node_ids)
        .active_on(last)
        .values("community_id")
        .annotate(n=Count("pk"))
        .values_list("community_id", "n")
    )
    graded = {
        row["committee_id"]: row
        for row in Evaluation.objects.filter(committee__in=party, month=first)
        .values("committee_id")
        .annotate(
            units=Count("pk", filter=Q(unit__isnull=False)),
            items=Count("pk", filter=Q(followup__isnull=False)),
        )
    }
    rows = []
    for committee in party:
        done = graded.get(committee.pk, {})
        to_grade = units.get(committee.node_id, 0)
        units_graded = done.get("units", 0)
        rows.append(
            {
                "committee": committee,
                "units": to_grade,
                "units_graded": units_graded,
                "items_graded": done.get("items", 0),
                "complete": to_grade > 0 and units_graded >= to_grade,
                # A quarterly committee is graded only in the last month of a quarter.
                "due": committee.meets_in(month),
            }
        )
    return rows


def committees_without_meeting(
    committees: QuerySet[Committee], today: datetime.date
) -> QuerySet[Committee]:
    """Return the big party committees of `committees` with no meeting held or scheduled in
    this month though one is due: their community's joint meeting is late. A quarterly
    committee is due only in the last month of a quarter."""
    due = [c for c in Cadence if today.month in CADENCE_MONTHS[c]]
    return (
        committees.filter(kind=CommitteeKind.PARTY, cadence__in=due)
        .select_related("node")
        .annotate(
            this_month=Count(
                "meetings",
                filter=Q(
                    meetings__starts_at__year=today.year,
                    meetings__starts_at__month=today.month,
                    meetings__status__in=[MeetingStatus.SCHEDULED, MeetingStatus.HELD],
                ),
            )
        )
        .filter(this_month=0)
        .order_by("node__lft")
    )


def street_alliance_figures(street: Node) -> dict[str, Any]:
    """The street's committees by kind and cadence, and the unit secretaries on the community
    committees (Zhangwan: 75 on 11), as `street_report` prints them."""
    committees = Committee.objects.filter(in_subtree(street, "node"))
    by_cadence: dict[str, dict[str, int]] = {
        kind: dict.fromkeys(Cadence.values, 0) for kind in CommitteeKind.values
    }
    for kind, cadence, n in (
        committees.values("kind", "cadence")
        .annotate(n=Count("pk"))
        .values_list("kind", "cadence", "n")
    ):
        by_cadence[kind][cadence] = n
    seats = CommitteeMember.objects.filter(
        committee__in=committees.filter(kind=CommitteeKind.PARTY), unit__isnull=False
    )
    return {
        "committees_by_cadence": by_cadence,
        "unit_seats_on_party_committees": seats.count(),
        "party_committees_with_unit_seats": seats.values("committee").distinct().count(),
    }


# --- the inspection ledger (台账) -------------------------------------------------------------


def _day(value: datetime.datetime | None) -> str:
    return f"{timezone.localtime(value):%Y-%m-%d %H:%M}" if value else ""


def ledger_sections(node: Node, first: datetime.date, last: datetime.date) -> list[Section]:
    """The alliance's part of the ledger of `node`'s subtree from `first` to `last`: the
    meetings and their minutes, the sign-in sheets (with substitutes), the resolutions, and the
    follow-up items with their closing evidence. Four queries."""
    meetings = list(
        Meeting.objects.filter(
            in_subtree(node, "committee__node"), starts_at__date__range=(first, last)
        )
        .select_related("committee__node", "convener")
        .order_by("starts_at", "pk")
    )
    held = [m for m in meetings if m.status == MeetingStatus.HELD]
    attendance = list(
        Attendance.objects.filter(meeting__in=meetings)
        .select_related("meeting", "unit")
        .order_by("meeting__starts_at", "meeting_id", "unit__name")
    )
    present = sum(
        a.status in (AttendanceStatus.PRESENT, AttendanceStatus.SUBSTITUTE) for a in attendance
    )
    topics = list(
        AgendaTopic.objects.filter(meeting__in=meetings)
        .select_related("meeting", "proposed_by", "need")
        .order_by("meeting__starts_at", "meeting_id", "pk")
    )
    from_residents = sum(t.source == TopicSource.RESIDENT for t in topics)
    resolutions = list(
        Resolution.objects.filter(meeting__in=meetings)
        .select_related("meeting")
        .order_by("meeting__starts_at", "pk")
    )
    items = list(
        FollowUp.objects.filter(in_subtree(node, "meeting__committee__node"))
        .filter(Q(created_at__date__range=(first, last)) | Q(closed_at__date__range=(first, last)))
        .select_related("meeting", "owner")
        .order_by("due_on", "pk")
    )
    closed = [i for i in items if i.status == FollowUpStatus.DONE]
    attached = _("[file attached]")
    return [
        Section(
            "meetings",
            _("Meetings and minutes"),
            [
                _("Date"),
                _("Committee"),
                _("Meeting"),
                _("Convening unit"),
                _("Status"),
                _("Residents' representatives"),
                _("Minutes"),
            ],
            [
                [
                    _day(m.starts_at),
                    m.committee.name,
                    m.title,
                    m.convener.name if m.convener else "",
                    m.get_status_display(),
                    m.residents_present,
                    m.minutes,
                ]
                for m in meetings
            ],
            _("%(n)s meetings, %(held)s held") % {"n": len(meetings), "held": len(held)},
        ),
        Section(
            "attendance",
            _("Sign-in sheets"),
            [_("Meeting"), _("Member unit"), _("Attendance"), _("Substitute"), _("Checked in at")],
            [
                [
                    f"{_day(a.meeting.starts_at)} {a.meeting.title}",
                    a.unit.name,
                    a.get_status_display(),
                    a.substitute_name,
                    _day(a.checked_in_at),
                ]
                for a in attendance
            ],
            _("%(present)s of %(n)s units present or represented")
            % {"present": present, "n": len(attendance)},
        ),
        Section(
            "topics",
            _("Topics and where they came from"),
            [_("Meeting"), _("Topic"), _("Source"), _("Proposed by"), _("Residents' need")],
            [
                [
                    f"{_day(t.meeting.starts_at)} {t.meeting.title}",
                    t.title,
                    t.get_source_display(),
                    t.proposed_by.name if t.proposed_by else "",
                    f"{t.need.title}（{t.need.get_source_display()}）" if t.need else "",
                ]
                for t in topics
            ],
            _("%(n)s topics, %(r)s from residents") % {"n": len(topics), "r": from_residents},
        ),
        Section(
            "resolutions",
            _("Resolutions"),
            [_("Meeting"), _("Resolution")],
            [[f"{_day(r.meeting.starts_at)} {r.meeting.title}", r.text] for r in resolutions],
            _("%(n)s resolutions") % {"n": len(resolutions)},
        ),
        Section(
            "followups",
            _("Follow-up items and their closing evidence"),
            [
                _("Item"),
                _("Member unit"),
                _("Due on"),
                _("Status"),
                _("Evidence"),
                _("Closed at"),
            ],
            [
                [
                    i.title,
                    i.owner.name,
                    f"{i.due_on:%Y-%m-%d}",
                    i.get_status_display(),
                    " ".join(filter(None, [i.evidence_text, attached if i.evidence_file else ""])),
                    _day(i.closed_at),
                ]
                for i in items
            ],
            _("%(n)s items, %(closed)s closed") % {"n": len(items), "closed": len(closed)},
        ),
    ]


def unit_year_figures(unit_ids: list[int], year: int) -> dict[int, dict[str, int]]:
    """Per unit, its year in the alliance as the yearly appraisal reads it: the held meetings
    it was expected at and came to (or sent a substitute), the follow-up items due and closed
    on time, and the months it served as rotating secretary. Three queries."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    figures: dict[int, dict[str, int]] = {
        u: {"expected": 0, "attended": 0, "items_due": 0, "on_time": 0, "rota_months": 0}
        for u in unit_ids
    }
    recorded = counted_attendance(Attendance.objects.filter(unit_id__in=unit_ids), first, last)
    for unit_id, status in recorded:
        figures[unit_id]["expected"] += 1
        figures[unit_id]["attended"] += status in ATTENDED
    for owner_id, status, closed_at, due_on in FollowUp.objects.filter(
        owner_id__in=unit_ids, due_on__range=(first, last)
    ).values_list("owner_id", "status", "closed_at", "due_on"):
        figures[owner_id]["items_due"] += 1
        figures[owner_id]["on_time"] += closed_on_time(status, closed_at, due_on)
    for unit_id, months in (
        RotaSlot.objects.filter(unit_id__in=unit_ids, year=year)
        .values("unit_id")
        .annotate(n=Count("pk"))
        .values_list("unit_id", "n")
    ):
        figures[unit_id]["rota_months"] = months
    return figures


def joint_meetings_kept(node: Node, months: list[datetime.date]) -> dict[str, int]:
    """The joint meetings due under `node` in `months` (first days, in order) from each
    community's big party committee, by its cadence (every month, or the last month of each
    quarter), and those held in a month they were due. Two queries."""
    if not months:
        return {"joint_due": 0, "joint_held": 0}
    committees = Committee.objects.filter(in_subtree(node, "node"), kind=CommitteeKind.PARTY)
    due_in = {c: {m.month for m in months} & set(CADENCE_MONTHS[c]) for c in Cadence}
    per_cadence = committees.values("cadence").annotate(n=Count("pk")).order_by()
    due = sum(row["n"] * len(due_in[row["cadence"]]) for row in per_cadence)
    start, end = bounds(months[0], months[-1])
    held_months = (
        Meeting.objects.filter(
            committee__in=committees,
            kind=MeetingKind.JOINT,
            status=MeetingStatus.HELD,
            starts_at__gte=start,
            starts_at__lt=end,
        )
        .annotate(month=TruncMonth("starts_at"))
        .values_list("committee_id", "committee__cadence", "month")
        .order_by()  # the meetings' own ordering would undo the distinct
        .distinct()
    )
    held = sum(1 for _id, cadence, month in held_months if month.month in due_in[cadence])
    return {"joint_due": due, "joint_held": held}


def district_reports_open_first(reports: QuerySet[DistrictReport]) -> QuerySet[DistrictReport]:
    """`reports` with what a list of them shows, the open ones first, newest first."""
    return reports.select_related(
        "street", "district", "followup__owner", "followup__meeting__committee__node"
    ).order_by(F("decided_at").desc(nulls_first=True), "-raised_at")


def district_reports_of(district: Node) -> QuerySet[DistrictReport]:
    """What the district's streets reported up, open ones first, newest first."""
    return district_reports_open_first(DistrictReport.objects.filter(district=district))
