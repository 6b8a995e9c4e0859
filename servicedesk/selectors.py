"""Reads of the service desk."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Q, QuerySet

from organizations.models import Unit

from .models import MicroWish, RequestStatus, ServiceOffer, ServiceRequest, WishStatus

# Published for the other domains, with the selectors that speak of it (offer_categories_by_unit).
from .models import ServiceCategory as ServiceCategory


def requests_closed_by_units(
    unit_ids: list[int], first: datetime.date, last: datetime.date
) -> list[tuple[int, int, int]]:
    """Return (unit id, requests it closed in the period, how many of those were reopened)."""
    rows = (
        ServiceRequest.objects.filter(
            closed_by_unit_id__in=unit_ids,
            events__action="close",
            events__at__date__range=(first, last),
        )
        .values("closed_by_unit_id")
        .annotate(
            closed=Count("pk", distinct=True),
            reopened=Count("pk", filter=Q(reopen_count__gt=0), distinct=True),
        )
    )
    return [(r["closed_by_unit_id"], r["closed"], r["reopened"]) for r in rows]


def unit_offers(unit: Unit) -> QuerySet[ServiceOffer]:
    """Return the unit's service menu, the lines offered now first."""
    return ServiceOffer.objects.filter(unit=unit).order_by("-active", "category", "title")


def unit_requests_waiting(
    requests: QuerySet[ServiceRequest], unit: Unit
) -> QuerySet[ServiceRequest]:
    """Return the requests of `requests` dispatched to the unit and waiting for it: to accept
    or decline (dispatched), or to close (accepted); the soonest due first."""
    return (
        requests.filter(unit=unit, status__in=[RequestStatus.DISPATCHED, RequestStatus.ACCEPTED])
        .select_related("community")
        .order_by("due_at", "pk")
    )


def unit_claimed_wishes(wishes: QuerySet[MicroWish], unit: Unit) -> QuerySet[MicroWish]:
    """Return the micro-wishes of `wishes` the unit claimed, newest first."""
    return wishes.filter(claimed_unit=unit).select_related("community").order_by("-created_at")


def desk_queues(
    requests: QuerySet[ServiceRequest], wishes: QuerySet[MicroWish], limit: int = 20
) -> dict[str, Any]:
    """Return what waits on the community's desk: requests to triage and to dispatch, wishes to
    review and claims to decide, each as its count and its first `limit` rows."""
    queues: dict[str, Any] = {}
    for name, base, status, order in (
        ("to_triage", requests, RequestStatus.SUBMITTED, "due_at"),
        ("to_dispatch", requests, RequestStatus.TRIAGED, "due_at"),
        ("to_review", wishes, WishStatus.SUBMITTED, "created_at"),
        ("claims", wishes, WishStatus.CLAIM_PENDING, "created_at"),
    ):
        rows = base.filter(status=status).select_related("community").order_by(order, "pk")
        queues[name] = {"count": rows.count(), "rows": list(rows[:limit])}
    return queues


def offer_categories_by_unit(unit_ids: Iterable[int]) -> dict[int, set[str]]:
    """What each unit offers on its service menu now, by category (the summons suggests units
    from it). One query."""
    found: dict[int, set[str]] = {}
    for unit_id, category in ServiceOffer.objects.filter(
        unit_id__in=list(unit_ids), active=True
    ).values_list("unit_id", "category"):
        found.setdefault(unit_id, set()).add(category)
    return found
