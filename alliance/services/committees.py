"""Committees, their terms and their members: set up once, corrected now and then.

A committee stays with its place and kind once created (its meetings, rota and members are that
place's); its name and reminder lead times may change. The rules (a big working committee at a
street, a big party committee at a community, a seat within its term and from a unit of the
place) are the models' and are checked whole by `full_clean()` on every write.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from grids.models import Node
from organizations.models import Unit

from ..models import Cadence, Committee, CommitteeMember, CommitteeTerm, RotaSlot

if TYPE_CHECKING:
    from accounts.models import User

LEAD_TIMES = (
    "convener_notice_days",
    "member_notice_days",
    "member_last_notice_days",
    "followup_notice_days",
    "minutes_nudge_days",
)
COMMITTEE_CHANGEABLE = ("name", "cadence", *LEAD_TIMES)
TERM_CHANGEABLE = ("number", "starts_on", "ends_on")
MEMBER_CHANGEABLE = ("name", "unit", "position", "term", "starts_on", "ends_on", "user")


def _only(fields: dict[str, Any], allowed: tuple[str, ...], service: str) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValueError(f"{service} does not change {sorted(unknown)}")


def _change(obj: Any, fields: dict[str, Any]) -> Any:
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.full_clean()
    obj.save(update_fields=list(fields))
    return obj


@transaction.atomic
def committee_create(
    *, node: Node, kind: str, name: str, cadence: str = Cadence.MONTHLY, **lead_times: int
) -> Committee:
    """Set up the committee of `kind` at `node` (one of each kind per place), meeting monthly
    or quarterly; the reminder lead times not given keep their defaults."""
    _only(lead_times, LEAD_TIMES, "committee_create")
    committee = Committee(node=node, kind=kind, name=name, cadence=cadence, **lead_times)
    committee.full_clean()
    committee.save()
    return committee


@transaction.atomic
def committee_update(*, committee: Committee, **fields: Any) -> Committee:
    """Rename a committee or change its cadence or reminder lead times (COMMITTEE_CHANGEABLE).
    The cadence changes only while no rota of this year or later is drawn up for it."""
    _only(fields, COMMITTEE_CHANGEABLE, "committee_update")
    if (
        "cadence" in fields
        and fields["cadence"] != committee.cadence
        and RotaSlot.objects.filter(
            committee=committee, year__gte=timezone.localdate().year
        ).exists()
    ):
        raise ValidationError(
            {
                "cadence": _(
                    "This year's rota follows the present cadence; the cadence can change "
                    "for a year whose rota is not drawn up yet."
                )
            }
        )
    return _change(committee, fields) if fields else committee


@transaction.atomic
def committee_delete(*, committee: Committee) -> None:
    """Delete a committee that has held nothing: one with meetings or escalations keeps them."""
    try:
        committee.delete()
    except ProtectedError as exc:
        raise ValidationError(
            _("This committee has meetings or escalations on record and cannot be deleted.")
        ) from exc


@transaction.atomic
def committee_term_create(
    *,
    committee: Committee,
    number: int,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
) -> CommitteeTerm:
    """Open term `number` of a committee."""
    term = CommitteeTerm(committee=committee, number=number, starts_on=starts_on, ends_on=ends_on)
    term.full_clean()
    term.save()
    return term


@transaction.atomic
def committee_term_update(*, term: CommitteeTerm, **fields: Any) -> CommitteeTerm:
    """Correct a term's number or dates (TERM_CHANGEABLE)."""
    _only(fields, TERM_CHANGEABLE, "committee_term_update")
    return _change(term, fields) if fields else term


@transaction.atomic
def committee_term_delete(*, term: CommitteeTerm) -> None:
    """Delete a term; its members stay on the committee, without a term."""
    term.delete()


@transaction.atomic
def committee_member_create(
    *,
    committee: Committee,
    name: str,
    position: str,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
    unit: Unit | None = None,
    term: CommitteeTerm | None = None,
    user: User | None = None,
) -> CommitteeMember:
    """Seat `name` on a committee, from `unit` and for `term` when given."""
    member = CommitteeMember(
        committee=committee,
        name=name,
        position=position,
        starts_on=starts_on,
        ends_on=ends_on,
        unit=unit,
        term=term,
        user=user,
    )
    member.full_clean()
    member.save()
    return member


@transaction.atomic
def committee_member_update(*, member: CommitteeMember, **fields: Any) -> CommitteeMember:
    """Correct a seat (MEMBER_CHANGEABLE); the member stays on their committee."""
    _only(fields, MEMBER_CHANGEABLE, "committee_member_update")
    return _change(member, fields) if fields else member


@transaction.atomic
def committee_member_delete(*, member: CommitteeMember) -> None:
    """Take a seat off the committee (a member who leaves gets an end date instead)."""
    member.delete()
