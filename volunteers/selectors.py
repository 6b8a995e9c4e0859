"""Reads of the volunteers app: balances, leaderboards, hours, dual-report compliance."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Count, DecimalField, F, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, ExtractMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from common.ledger import Section
from common.queries import count_per_row
from grids.models import Node, in_subtree
from organizations.models import Unit

from .models import (
    HOURS_TO_REVIEW,
    Activity,
    ActivityKind,
    CheckIn,
    CheckInStatus,
    DualReport,
    DualReportKind,
    PointEntry,
    Signup,
    SignupStatus,
    Team,
    Volunteer,
    VolunteerStatus,
)

# Fewer services than this in a year and a member is not eligible for "outstanding member".
MIN_SERVICES_A_YEAR = 10
COUNTED = [CheckInStatus.APPROVED]


def balance(volunteer: Volunteer) -> Decimal:
    return PointEntry.objects.filter(volunteer=volunteer).aggregate(s=Sum("amount"))[
        "s"
    ] or Decimal("0")


def with_balances(volunteers: QuerySet[Volunteer]) -> QuerySet[Volunteer]:
    return volunteers.annotate(
        balance=Coalesce(Sum("points__amount"), Value(Decimal("0")), output_field=DecimalField())
    )


def leaderboard(volunteers: QuerySet[Volunteer], limit: int = 20) -> list[Volunteer]:
    return list(
        with_balances(volunteers).select_related("community").order_by("-balance", "pk")[:limit]
    )


def team_leaderboard(teams: QuerySet[Team], limit: int = 20) -> list[Team]:
    return list(
        teams.annotate(
            points=Coalesce(
                Sum("members__points__amount"), Value(Decimal("0")), output_field=DecimalField()
            )
        )
        .select_related("node")
        .order_by("-points", "pk")[:limit]
    )


def community_leaderboard(communities: QuerySet[Node]) -> list[Node]:
    return list(
        communities.annotate(
            points=Coalesce(
                Sum("volunteers__points__amount"), Value(Decimal("0")), output_field=DecimalField()
            )
        ).order_by("-points", "pk")
    )


def hours_by_kind(volunteer: Volunteer) -> list[dict[str, Any]]:
    """Return a volunteer's approved hours per kind of service."""
    rows = list(
        CheckIn.objects.filter(volunteer=volunteer, status__in=COUNTED)
        .values("activity__kind")
        .annotate(hours=Sum("hours"), times=Count("pk"))
        .order_by("-hours")
    )
    for row in rows:
        kind = row["activity__kind"]
        row["label"] = ActivityKind(kind).label if kind else _("Service posts")
    return rows


def services_in_home_community(
    volunteers: QuerySet[Volunteer], year: int
) -> dict[int, dict[str, Any]]:
    """Return, per volunteer, the services given in their home community in a year and the
    months they served in (each member should serve at least once a month)."""
    rows = (
        CheckIn.objects.filter(
            volunteer__in=volunteers, status__in=COUNTED, checked_in_at__year=year
        )
        .filter(community_id=F("volunteer__community_id"))
        .annotate(month=ExtractMonth("checked_in_at"))
        .values_list("volunteer_id", "month")
    )
    figures: dict[int, dict[str, Any]] = {}
    for volunteer_id, month in rows:
        entry = figures.setdefault(volunteer_id, {"services": 0, "months": set()})
        entry["services"] += 1
        entry["months"].add(month)
    return figures


def compliance_board(community: Node, year: int) -> list[dict[str, Any]]:
    """Return the community's reporting members with their services and the under-10 flag."""
    reports = list(
        DualReport.objects.filter(community=community, year=year, kind=DualReportKind.MEMBER)
        .select_related("volunteer", "unit", "team", "grid")
        .order_by("unit__name", "volunteer__name")
    )
    figures = services_in_home_community(
        Volunteer.objects.filter(pk__in=[r.volunteer_id for r in reports]), year
    )
    rows = []
    for report in reports:
        f = figures.get(report.volunteer_id, {"services": 0, "months": set()})
        rows.append(
            {
                "report": report,
                "services": f["services"],
                "months": len(f["months"]),
                "under_ten": f["services"] < MIN_SERVICES_A_YEAR,
            }
        )
    return rows


def unit_score_sheet(unit: Unit, year: int) -> list[dict[str, Any]]:
    """Return the unit's reporting members with their services and the community's proof."""
    reports = list(
        DualReport.objects.filter(unit=unit, year=year, kind=DualReportKind.MEMBER).select_related(
            "volunteer", "community"
        )
    )
    volunteer_ids = [r.volunteer_id for r in reports]
    proofs: dict[int, list[CheckIn]] = {}
    checkins = (
        CheckIn.objects.filter(
            volunteer_id__in=volunteer_ids, status__in=COUNTED, checked_in_at__year=year
        )
        .filter(community_id=F("volunteer__community_id"))
        .select_related("activity", "post", "reviewed_by")
        .order_by("checked_in_at")
    )
    for checkin in checkins:
        proofs.setdefault(checkin.volunteer_id, []).append(checkin)
    return [
        {
            "report": r,
            "services": len(proofs.get(r.volunteer_id, [])),
            "under_ten": len(proofs.get(r.volunteer_id, [])) < MIN_SERVICES_A_YEAR,
            "proof": proofs.get(r.volunteer_id, []),
        }
        for r in reports
    ]


def team_hours_by_unit(unit_ids: list[int], first, last) -> dict[int, Decimal]:
    """Return the approved service hours in a period of the members of each unit's teams."""
    rows = (
        CheckIn.objects.filter(
            status__in=COUNTED,
            checked_in_at__date__range=(first, last),
            volunteer__teams__unit_id__in=unit_ids,
        )
        .values("volunteer__teams__unit_id")
        .annotate(hours=Sum("hours"))
    )
    return {row["volunteer__teams__unit_id"]: row["hours"] or Decimal("0") for row in rows}


def dual_report_month_by_unit(
    unit_ids: list[int], first: datetime.date, last: datetime.date
) -> dict[int, tuple[int, int]]:
    """Return, per unit, how many of its in-service members report to a community this year
    and how many of them served there between `first` and `last` (two queries)."""
    reports = DualReport.objects.filter(
        kind=DualReportKind.MEMBER, year=first.year, unit_id__in=unit_ids
    ).values_list("unit_id", "volunteer_id", "community_id")
    reports = list(reports)
    served = set(
        CheckIn.objects.filter(
            volunteer_id__in=[volunteer for _unit, volunteer, _c in reports],
            status__in=COUNTED,
            checked_in_at__date__range=(first, last),
        )
        .values_list("volunteer_id", "community_id")
        .distinct()
    )
    figures: dict[int, tuple[int, int]] = {}
    for unit_id, volunteer_id, community_id in reports:
        reported, count = figures.get(unit_id, (0, 0))
        figures[unit_id] = (reported + 1, count + ((volunteer_id, community_id) in served))
    return figures


PENDING_HOURS = HOURS_TO_REVIEW


def volunteer_overview(
    volunteer: Volunteer, now: datetime.datetime, limit: int = 10
) -> dict[str, Any]:
    """Return what a volunteer's workspace shows: teams, sign-ups to come, activities open to
    join, latest check-ins, hours by review state, points, and this year's dual-report figures."""
    year = timezone.localtime(now).year
    signed = Signup.objects.filter(volunteer=volunteer).exclude(status=SignupStatus.CANCELLED)
    hours = {
        row["status"]: row
        for row in CheckIn.objects.filter(volunteer=volunteer)
        .values("status")
        .annotate(hours=Sum("hours"), times=Count("pk"))
    }

    def bucket(statuses: list[str]) -> dict[str, Any]:
        rows = [hours[s] for s in statuses if s in hours]
        return {
            "hours": sum((r["hours"] or Decimal("0") for r in rows), Decimal("0")),
            "times": sum(r["times"] for r in rows),
        }

    services = services_in_home_community(Volunteer.objects.filter(pk=volunteer.pk), year).get(
        volunteer.pk, {"services": 0, "months": set()}
    )
    return {
        "teams": list(volunteer.teams.select_related("node", "unit").order_by("name")),
        "signups": list(
            signed.filter(activity__ends_at__gte=now)
            .select_related("activity__node")
            .order_by("activity__starts_at")[:limit]
        ),
        "to_join": list(
            Activity.objects.filter(
                in_subtree(volunteer.community.street_node(), "node"),
                starts_at__gte=now,
                cancelled_at__isnull=True,
            )
            .exclude(pk__in=signed.values("activity"))
            .select_related("node")
            .annotate(
                taken=count_per_row(
                    Signup.objects.filter(status=SignupStatus.CONFIRMED), "activity"
                )
            )
            .order_by("starts_at")[:limit]
        ),
        "checkins": list(
            CheckIn.objects.filter(volunteer=volunteer)
            .select_related("activity", "post", "community")
            .order_by("-checked_in_at", "-pk")[:limit]
        ),
        "hours_pending": bucket(PENDING_HOURS),
        "hours_confirmed": bucket([CheckInStatus.APPROVED]),
        "hours_rejected": bucket([CheckInStatus.REJECTED]),
        "balance": balance(volunteer),
        "entries": list(
            volunteer.points.select_related("rule").order_by("-created_at", "-pk")[:limit]
        ),
        "year": year,
        "report": volunteer.dual_reports.filter(year=year).select_related("community").first(),
        "services": services["services"],
        "months_served": len(services["months"]),
        "services_needed": MIN_SERVICES_A_YEAR,
        "services_left": max(MIN_SERVICES_A_YEAR - services["services"], 0),
    }


def community_queues(volunteers: QuerySet[Volunteer], community: Node) -> dict[str, Any]:
    """Return what waits on a community: registrations among `volunteers` to approve, and the
    stays given in the community whose hours wait for review, per activity (reviewed on the
    activity's screen) and at service posts."""
    pending = CheckIn.objects.filter(in_subtree(community, "community"), status__in=PENDING_HOURS)
    by_activity = list(
        pending.filter(activity__isnull=False)
        .values("activity_id", "activity__title", "activity__starts_at")
        .annotate(stays=Count("pk"), hours=Sum("hours"))
        .order_by("activity__starts_at", "activity_id")
    )
    return {
        "registrations": volunteers.filter(status=VolunteerStatus.PENDING).count(),
        "hours_by_activity": by_activity,
        "hours_count": sum(row["stays"] for row in by_activity),
        "post_stays": pending.filter(activity__isnull=True).count(),
    }


def street_volunteer_figures(street: Node) -> dict[str, Any]:
    """The street's volunteers, its party members among them, and the in-service members
    reporting to its communities with the units they work in (Daixi: 337 cadres of 45
    municipal units), as `street_report` prints them."""
    volunteers = Volunteer.objects.filter(in_subtree(street, "community"))
    reports = DualReport.objects.filter(in_subtree(street, "community"), kind=DualReportKind.MEMBER)
    return {
        "volunteers": volunteers.count(),
        "party_member_volunteers": volunteers.filter(is_party_member=True).count(),
        "in_service_members_reporting": reports.values("volunteer").distinct().count(),
        "units_sending_members": reports.values("unit").distinct().count(),
    }


# --- the inspection ledger (台账) -------------------------------------------------------------


def ledger_sections(node: Node, first: datetime.date, last: datetime.date) -> list[Section]:
    """Volunteering in the ledger of `node`'s subtree from `first` to `last`: the activities
    with their sign-ups, check-ins and approved hours; the points each volunteer earned in the
    period; the dual-report register (双报到) of the period's years. Three queries."""
    activities = list(
        Activity.objects.filter(in_subtree(node, "node"), starts_at__date__range=(first, last))
        .select_related("node")
        .annotate(
            signed_up=count_per_row(
                Signup.objects.filter(status=SignupStatus.CONFIRMED), "activity"
            ),
            checked_in=count_per_row(CheckIn.objects.all(), "activity"),
            approved_hours=Coalesce(
                Sum("checkins__hours", filter=Q(checkins__status__in=COUNTED)),
                Value(Decimal("0")),
                output_field=DecimalField(),
            ),
        )
        .order_by("starts_at", "pk")
    )
    points = list(
        PointEntry.objects.filter(
            in_subtree(node, "volunteer__community"), created_at__date__range=(first, last)
        )
        .values("volunteer__name", "volunteer__community__name")
        .annotate(total=Sum("amount"), entries=Count("pk"))
        .order_by("-total", "volunteer__name")
    )
    reports = list(
        DualReport.objects.filter(
            in_subtree(node, "community"), year__range=(first.year, last.year)
        )
        .select_related("community", "unit", "volunteer")
        .order_by("community__lft", "kind", "pk")
    )
    hours = sum((a.approved_hours for a in activities), Decimal("0"))
    confirmed = sum(r.confirmed_at is not None for r in reports)
    return [
        Section(
            "activities",
            _("Volunteer activities"),
            [
                _("Date"),
                _("Activity"),
                _("Place"),
                _("Signed up"),
                _("Checked in"),
                _("Approved hours"),
            ],
            [
                [
                    f"{timezone.localtime(a.starts_at):%Y-%m-%d %H:%M}",
                    a.title,
                    f"{a.node.name} · {a.place}",
                    a.signed_up,
                    a.checked_in,
                    a.approved_hours,
                ]
                for a in activities
            ],
            _("%(n)s activities, %(hours)s approved hours")
            % {"n": len(activities), "hours": f"{hours:.1f}"},
        ),
        Section(
            "points",
            _("Volunteer points"),
            [_("Volunteer"), _("Community"), _("Entries"), _("Points")],
            [
                [p["volunteer__name"], p["volunteer__community__name"], p["entries"], p["total"]]
                for p in points
            ],
            _("%(n)s volunteers earned points") % {"n": len(points)},
        ),
        Section(
            "dual_reports",
            _("Dual-report register (双报到)"),
            [_("Kind"), _("Community"), _("Reported"), _("Year"), _("Reported at"), _("Confirmed")],
            [
                [
                    r.get_kind_display(),
                    r.community.name,
                    r.unit.name if r.unit_id else (r.volunteer.name if r.volunteer_id else ""),
                    r.year,
                    f"{timezone.localtime(r.reported_at):%Y-%m-%d}",
                    f"{timezone.localtime(r.confirmed_at):%Y-%m-%d}" if r.confirmed_at else "",
                ]
                for r in reports
            ],
            _("%(n)s reports, %(confirmed)s confirmed")
            % {"n": len(reports), "confirmed": confirmed},
        ),
    ]
