"""Writes to party organisations."""

from __future__ import annotations

import datetime

from django.db import transaction

from grids.models import Node

from .models import PartyOrganization


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
) -> PartyOrganization:
    """Attach a new party organisation to `node`."""
    organization = PartyOrganization(
        node=node,
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
