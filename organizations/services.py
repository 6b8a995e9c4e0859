"""Writes to party organisations."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction

from grids.models import Node

from .models import PartyOrganization, Unit, UnitRating

if TYPE_CHECKING:
    from accounts.models import User


@transaction.atomic
def party_organization_create(
    *,
    node: Node,
    kind: str,
    name: str,
    secretary_name: str = "",
    secretary_phone: str = "",
    member_count: int = 0,
    founded_on: datetime.date | None = None,
    unit: Unit | None = None,
) -> PartyOrganization:
    """Attach a new party organisation to `node` (a member unit's own when `unit` is given)."""
    organization = PartyOrganization(
        node=node,
        unit=unit,
        kind=kind,
        name=name,
        secretary_name=secretary_name,
        secretary_phone=secretary_phone,
        member_count=member_count,
        founded_on=founded_on,
    )
    organization.full_clean()
    organization.save()
    return organization


PARTY_ORGANIZATION_CHANGEABLE = (
    "node",
    "unit",
    "kind",
    "name",
    "secretary_name",
    "secretary_phone",
    "member_count",
    "founded_on",
)


@transaction.atomic
def party_organization_update(
    *, organization: PartyOrganization, **fields: Any
) -> PartyOrganization:
    """Correct a party organisation (PARTY_ORGANIZATION_CHANGEABLE), checked whole."""
    unknown = set(fields) - set(PARTY_ORGANIZATION_CHANGEABLE)
    if unknown:
        raise ValueError(f"party_organization_update does not change {sorted(unknown)}")
    if not fields:
        return organization
    for name, value in fields.items():
        setattr(organization, name, value)
    organization.full_clean()
    organization.save(update_fields=list(fields))
    return organization


@transaction.atomic
def party_organization_delete(*, organization: PartyOrganization) -> None:
    """Remove a party organisation from the tree."""
    organization.delete()


@transaction.atomic
def unit_create(*, unit: Unit) -> Unit:
    """Add a member unit (built, not yet saved) after checking it whole."""
    unit.full_clean()
    unit.save()
    return unit


@transaction.atomic
def unit_update(*, unit: Unit) -> Unit:
    """Save a correction of a member unit after checking it whole (a moved address moves its
    sites on the service map: servicemap's receiver of the unit's save)."""
    unit.full_clean()
    unit.save()
    return unit


@transaction.atomic
def unit_rate(*, unit: Unit, kind: str, value: str, reason: str, by: User) -> UnitRating:
    """Give a non-public unit a new star rating or credit grade; earlier ones stay as history."""
    rating = UnitRating(unit=unit, kind=kind, value=value, reason=reason, set_by=by)
    rating.full_clean()
    rating.save()
    return rating


def unit_current_rating(unit: Unit, kind: str) -> UnitRating | None:
    """Return the newest rating of `kind`, or None."""
    return unit.ratings.filter(kind=kind).select_related("set_by").first()
