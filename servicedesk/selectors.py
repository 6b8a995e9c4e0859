"""Reads of the service desk."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from organizations.models import Unit

from .choices import CaseKind

# Published for the other domains: how they name a case of the desk (a need's source).
from .choices import CaseKind as CaseKind  # noqa: F811
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


@dataclass
class CaseForNeed:
    """A resident's request or wish as the demand list sees it: what and where, never who."""

    kind: CaseKind
    pk: int
    summary: str
    category: str
    place_id: int | None
    created_at: datetime.datetime
    status_label: str


def _request_case(r: ServiceRequest) -> CaseForNeed:
    summary = r.description if len(r.description) <= 80 else r.description[:79] + "…"
    return CaseForNeed(
        CaseKind.REQUEST,
        r.pk,
        summary,
        r.category,
        r.place_id,
        r.created_at,
        r.get_status_display(),
    )


def _wish_case(w: MicroWish) -> CaseForNeed:
    return CaseForNeed(
        CaseKind.WISH, w.pk, w.title, "", w.place_id, w.created_at, w.get_status_display()
    )


def case_for_need(kind: str, pk: int, community: Any) -> CaseForNeed | None:
    """Return the community's request or wish `pk` as the demand list sees it, or None."""
    if kind == CaseKind.REQUEST:
        found = ServiceRequest.objects.filter(pk=pk, community=community).first()
        return _request_case(found) if found else None
    if kind == CaseKind.WISH:
        found = MicroWish.objects.filter(pk=pk, community=community).first()
        return _wish_case(found) if found else None
    return None


def cases_for_needs(
    community: Any, listed: set[tuple[str, int]], limit: int = 20
) -> list[CaseForNeed]:
    """Return the community's recent requests and wishes not yet on its demand list (`listed`
    holds the (kind, id) pairs that are), newest first. Two queries."""
    requests = ServiceRequest.objects.filter(community=community).exclude(
        status=RequestStatus.REJECTED
    )
    wishes = MicroWish.objects.filter(community=community).exclude(
        status__in=[WishStatus.REJECTED, WishStatus.CANCELLED]
    )
    listed_requests = [pk for kind, pk in listed if kind == CaseKind.REQUEST]
    listed_wishes = [pk for kind, pk in listed if kind == CaseKind.WISH]
    found = [
        *map(
            _request_case, requests.exclude(pk__in=listed_requests).order_by("-created_at")[:limit]
        ),
        *map(_wish_case, wishes.exclude(pk__in=listed_wishes).order_by("-created_at")[:limit]),
    ]
    found.sort(key=lambda c: c.created_at, reverse=True)
    return found[:limit]


def menus_of_units(units: QuerySet[Unit]) -> QuerySet[ServiceOffer]:
    """Return the lines offered now on the menus of `units` (the resource list shows them
    beside the units' other resources), by unit."""
    return (
        ServiceOffer.objects.filter(unit__in=units, active=True)
        .select_related("unit")
        .order_by("unit__name", "category", "title")
    )


def units_offering(category: str) -> QuerySet[ServiceOffer]:
    """Return the ids of the units whose menu offers `category` now (as a subquery)."""
    return ServiceOffer.objects.filter(category=category, active=True).values("unit_id")
