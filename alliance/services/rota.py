"""The rotating secretary (轮值书记): one member unit a month convenes the joint meeting."""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.models import Unit

from ..models import Committee, RotaAction, RotaChange, RotaSlot

if TYPE_CHECKING:
    from accounts.models import User


def month_bounds(year: int, month: int) -> tuple[datetime.date, datetime.date]:
    """Return the first and last day of a month."""
    return datetime.date(year, month, 1), datetime.date(
        year, month, calendar.monthrange(year, month)[1]
    )


def rota_units(committee: Committee) -> list[Unit]:
    """Return every unit that ever belonged to the committee's community, in rota order."""
    return list(Unit.objects.filter(community_id=committee.node_id).in_rota_order())


def _active_in_month(unit: Unit, year: int, month: int) -> bool:
    first, last = month_bounds(year, month)
    return unit.joined_on <= last and (unit.left_on is None or unit.left_on >= first)


def _fill(
    committee: Committee, year: int, months: Iterable[int], units: list[Unit], start: int
) -> list[tuple[int, Unit]]:
    """Assign `months` round-robin from position `start`, passing over units not active then."""
    if not units:
        raise ValidationError(_("The community has no member units to take the rota."))
    assigned, index = [], start
    for month in months:
        for _attempt in range(len(units)):
            unit = units[index % len(units)]
            index += 1
            if _active_in_month(unit, year, month):
                assigned.append((month, unit))
                break
        else:
            raise ValidationError(
                _("No member unit is in the alliance in %(year)s-%(month)02d.")
                % {"year": year, "month": month}
            )
    return assigned


def _position_after(units: list[Unit], unit_id: int | None) -> int:
    ids = [u.pk for u in units]
    return ids.index(unit_id) + 1 if unit_id in ids else 0


def _require_not_past(year: int, *months: int) -> None:
    """Refuse to change a month that is over: its convener is history, kept as it was."""
    today = timezone.localdate()
    for month in months:
        if (year, month) < (today.year, today.month):
            raise ValidationError(
                _("%(year)s-%(month)02d is over: its rotating secretary can no longer be changed.")
                % {"year": year, "month": month}
            )


def _require_rota(committee: Committee) -> None:
    if not committee.has_rota:
        raise ValidationError(_("Only a community's big party committee has a rotating secretary."))


@transaction.atomic
def rota_generate(*, committee: Committee, year: int, by: User = None) -> list[RotaSlot]:
    """Create the year's rota, continuing from the unit after last year's last convener: a
    convener for every month the committee meets (each month, or each quarter's last)."""
    _require_rota(committee)
    if RotaSlot.objects.filter(committee=committee, year=year).exists():
        raise ValidationError(
            _("The rota for %(year)s exists already; swap or skip months instead.") % {"year": year}
        )
    units = rota_units(committee)
    previous = (
        RotaSlot.objects.filter(committee=committee, year__lt=year)
        .order_by("-year", "-month")
        .first()
    )
    start = _position_after(units, previous.unit_id if previous else None)
    slots = [
        RotaSlot(committee=committee, year=year, month=month, unit=unit)
        for month, unit in _fill(committee, year, committee.meeting_months, units, start)
    ]
    RotaSlot.objects.bulk_create(slots)
    RotaChange.objects.create(
        committee=committee, year=year, action=RotaAction.GENERATE, changed_by=by
    )
    return slots


def _slot(committee: Committee, year: int, month: int) -> RotaSlot:
    slot = (
        RotaSlot.objects.select_for_update()
        .select_related("unit")
        .filter(committee=committee, year=year, month=month)
        .first()
    )
    if slot is None and month not in committee.meeting_months:
        raise ValidationError(
            _(
                "%(committee)s meets quarterly, in March, June, September and December: "
                "%(year)s-%(month)02d has no rotating secretary."
            )
            % {"committee": committee, "year": year, "month": month}
        )
    if slot is None:
        raise ValidationError(
            _("There is no rota for %(year)s-%(month)02d.") % {"year": year, "month": month}
        )
    return slot


@transaction.atomic
def rota_swap(
    *,
    committee: Committee,
    year: int,
    month: int,
    other_month: int,
    reason: str = "",
    by: User = None,
) -> None:
    """Swap the conveners of two months."""
    _require_rota(committee)
    if month == other_month:
        raise ValidationError(_("Choose two different months to swap."))
    _require_not_past(year, month, other_month)
    first, second = _slot(committee, year, month), _slot(committee, year, other_month)
    first.unit, second.unit = second.unit, first.unit
    RotaSlot.objects.bulk_update([first, second], ["unit"])
    RotaChange.objects.create(
        committee=committee,
        year=year,
        month=month,
        other_month=other_month,
        action=RotaAction.SWAP,
        reason=reason,
        changed_by=by,
    )


@transaction.atomic
def rota_skip(*, committee: Committee, year: int, month: int, reason: str, by: User = None) -> None:
    """Pass over the month's unit: it and every later month move on to the next units in order."""
    _require_rota(committee)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the unit is skipped.")})
    _require_not_past(year, month)
    slot = _slot(committee, year, month)
    units = rota_units(committee)
    later = list(
        RotaSlot.objects.select_for_update()
        .filter(committee=committee, year=year, month__gte=month)
        .order_by("month")
    )
    assigned = dict(
        _fill(
            committee,
            year,
            [m for m in committee.meeting_months if m >= month],
            list(units),
            _position_after(units, slot.unit_id),
        )
    )
    for row in later:
        row.unit = assigned[row.month]
    RotaSlot.objects.bulk_update(later, ["unit"])
    RotaChange.objects.create(
        committee=committee,
        year=year,
        month=month,
        action=RotaAction.SKIP,
        unit=slot.unit,
        reason=reason,
        changed_by=by,
    )


def rota_convener(committee: Committee, day: datetime.date) -> Unit | None:
    """Return the unit that convenes the committee in the month of `day`."""
    slot = (
        RotaSlot.objects.select_related("unit")
        .filter(committee=committee, year=day.year, month=day.month)
        .first()
    )
    return slot.unit if slot else None
