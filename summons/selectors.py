"""What other apps may read of the summons: each unit's answers over a period (the monthly
grade and the yearly appraisal count them)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from common.geo import metres
from common.ledger import Section
from grids.models import Node, in_subtree
from organizations.models import Unit
from servicedesk.selectors import ServiceCategory, offer_categories_by_unit

from .models import CallStatus, Light, SummonsCall, SummonsKind, SummonsStatus


def unit_summons_figures(
    unit_ids: Iterable[int], first: datetime.date, last: datetime.date
) -> dict[int, dict[str, int]]:
    """Per unit, the calls it got between `first` and `last`, those it was on site for by the
    deadline, and those it reported done. One query."""
    rows = (
        SummonsCall.objects.filter(unit_id__in=list(unit_ids), called_at__date__range=(first, last))
        .values("unit_id")
        .annotate(
            called=Count("pk"),
            in_time=Count("pk", filter=Q(on_site_at__lte=F("summons__deadline"))),
            done=Count("pk", filter=Q(status=CallStatus.DONE)),
        )
    )
    return {
        r["unit_id"]: {
            "summoned": r["called"],
            "summons_in_time": r["in_time"],
            "summons_done": r["done"],
        }
        for r in rows
    }


def node_summons_figures(node: Node, first: datetime.date, last: datetime.date) -> dict[str, int]:
    """The calls to units on summons raised under `node` between `first` and `last`: how many,
    how many were answered (accepted, on the way, on site, done or declined with a reason),
    on site by the deadline, and reported done. One query."""
    return SummonsCall.objects.filter(
        in_subtree(node, "summons__node"), called_at__date__range=(first, last)
    ).aggregate(
        summoned=Count("pk"),
        summons_answered=Count("pk", filter=~Q(status=CallStatus.CALLED)),
        summons_in_time=Count("pk", filter=Q(on_site_at__lte=F("summons__deadline"))),
        summons_done=Count("pk", filter=Q(status=CallStatus.DONE)),
    )


def unit_open_calls(unit_id: int) -> list[SummonsCall]:
    """The calls a unit still has to answer or finish, on summons still open, soonest
    deadline first, each with its light. One query."""
    calls = list(
        SummonsCall.objects.filter(
            unit_id=unit_id,
            summons__status=SummonsStatus.OPEN,
            status__in=[s for s in CallStatus if s not in (CallStatus.DONE, CallStatus.DECLINED)],
        )
        .select_related("summons__node")
        .order_by("summons__deadline", "pk")
    )
    now = timezone.now()
    for call in calls:
        call.current_light = Light(call.light(now))
    return calls


# The service-menu categories that answer each kind of summons; a kind not here takes any.
KIND_CATEGORIES: dict[str, set[str]] = {
    SummonsKind.FLOOD: {ServiceCategory.REPAIR, ServiceCategory.VENUE, ServiceCategory.ELDERLY},
    SummonsKind.FIRE: {ServiceCategory.REPAIR, ServiceCategory.TRAINING},
    SummonsKind.DISPUTE: {ServiceCategory.LEGAL},
}


@dataclass
class Suggestion:
    unit: Unit
    fits: list[str]  # the categories of its menu that answer this kind
    metres: float | None
    called_this_year: int
    suggested: bool = False

    def reasons(self) -> list[str]:
        lines = []
        if self.fits:
            labels = "、".join(str(ServiceCategory(c).label) for c in sorted(self.fits))
            lines.append(_("its menu: %(offers)s") % {"offers": labels})
        if self.metres is not None:
            lines.append(_("%(km).1f km away") % {"km": self.metres / 1000})
        lines.append(_("called %(n)s times this year") % {"n": self.called_this_year})
        return lines


SUGGESTED = 3


def units_suggested(node: Node, units: QuerySet[Unit], kind: str | None) -> list[Suggestion]:
    """The units a summons of `kind` raised at `node` may call, best first: those whose
    service menu answers the kind, then the nearest to the place (the community's centre), then
    those called least this year, so the load is spread. The first few are marked suggested,
    each with its reasons. Three queries."""
    units = list(units)
    ids = [u.pk for u in units]
    offered = offer_categories_by_unit(ids)
    wanted = KIND_CATEGORIES.get(kind or "")
    year_start = timezone.localdate().replace(month=1, day=1)
    load = dict(
        SummonsCall.objects.filter(unit_id__in=ids, called_at__date__gte=year_start)
        .values("unit_id")
        .annotate(n=Count("pk"))
        .values_list("unit_id", "n")
    )
    here = (node.latitude, node.longitude) if node.latitude and node.longitude else None
    found = []
    for unit in units:
        menu = offered.get(unit.pk, set())
        fits = sorted(menu & wanted if wanted is not None else menu)
        far = (
            metres(float(here[0]), float(here[1]), float(unit.latitude), float(unit.longitude))
            if here and unit.latitude and unit.longitude
            else None
        )
        found.append(Suggestion(unit, fits, far, load.get(unit.pk, 0)))
    found.sort(
        key=lambda s: (
            not s.fits,
            s.metres if s.metres is not None else float("inf"),
            s.called_this_year,
            s.unit.name,
        )
    )
    for s in found[:SUGGESTED]:
        s.suggested = True
    return found


def _at(value: datetime.datetime | None) -> str:
    return f"{timezone.localtime(value):%Y-%m-%d %H:%M}" if value else ""


def ledger_sections(node: Node, first: datetime.date, last: datetime.date) -> list[Section]:
    """The summons raised in `node`'s subtree from `first` to `last`, one row per unit called:
    when it answered, when it was on site against the deadline, what it reported. One query."""
    calls = list(
        SummonsCall.objects.filter(
            in_subtree(node, "summons__node"), summons__raised_at__date__range=(first, last)
        )
        .select_related("summons__node", "unit")
        .order_by("summons__raised_at", "summons_id", "unit__name")
    )
    in_time = sum(bool(c.on_site_at and c.on_site_at <= c.summons.deadline) for c in calls)
    raised = len({c.summons_id for c in calls})
    return [
        Section(
            "summons",
            _("Summons (吹哨报到)"),
            [
                _("Summons"),
                _("Raised by"),
                _("Units on site by"),
                _("Member unit"),
                _("Status"),
                _("Answered at"),
                _("On site at"),
                _("Report"),
            ],
            [
                [
                    f"{_at(c.summons.raised_at)} {c.summons.title}",
                    c.summons.node.name,
                    _at(c.summons.deadline),
                    c.unit.name,
                    c.get_status_display(),
                    _at(c.answered_at),
                    _at(c.on_site_at),
                    c.report or c.decline_reason,
                ]
                for c in calls
            ],
            _("%(n)s summons, %(calls)s units called, %(in_time)s on site in time")
            % {"n": raised, "calls": len(calls), "in_time": in_time},
        )
    ]
