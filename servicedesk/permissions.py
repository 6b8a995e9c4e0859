"""Who sees and handles which wishes and requests; what a viewer may see of a resident's phone."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from accounts.models import Role
from accounts.scope import can_manage, scope_for
from common.masking import mask_name, mask_phone
from grids.models import in_subtree

from .models import MicroWish, RequestStatus, ServiceRequest, WishStatus

if TYPE_CHECKING:
    from accounts.models import User


def _unit(user: User):
    if (
        getattr(user, "is_authenticated", False)
        and user.is_active
        and user.role == Role.UNIT_CONTACT
    ):
        return user.unit
    return None


def requests_for(user: User) -> QuerySet[ServiceRequest]:
    """Staff: requests in scope. A unit contact: its unit's, and the triaged ones of its street."""
    qs = ServiceRequest.objects.select_related("community", "place", "unit", "offer")
    if can_manage(user):
        return scope_for(user).filter(qs, "community")
    unit = _unit(user)
    if unit is None:
        return qs.none()
    return qs.filter(
        Q(unit=unit)
        | Q(in_subtree(unit.community.street_node(), "community"), status=RequestStatus.TRIAGED)
    )


def wishes_for(user: User) -> QuerySet[MicroWish]:
    """Staff: wishes in scope. Others signed in: the published ones and those they claimed."""
    qs = MicroWish.objects.select_related("community", "place", "claimed_unit", "claimed_by")
    if can_manage(user):
        return scope_for(user).filter(qs, "community")
    if not getattr(user, "is_authenticated", False):
        return qs.filter(status=WishStatus.PUBLISHED)
    unit = _unit(user)
    mine = Q(claimed_by=user) | (Q(claimed_unit=unit) if unit else Q(pk__in=[]))
    return qs.filter(Q(status=WishStatus.PUBLISHED) | mine)


def handles(user: User, request: ServiceRequest) -> bool:
    """Return whether `user` is handling the request now: the unit it went to, else the triager."""
    if request.unit_id:
        unit = _unit(user)
        return unit is not None and unit.pk == request.unit_id
    return bool(
        can_manage(user)
        and user.role == Role.COMMUNITY_SECRETARY
        and scope_for(user).contains(request.community)
    )


# While a claim stands: a unit's claim on a request once it accepted it (dispatched or taken
# alone is not yet a commitment), a wish's once the claim is approved (a unit's at once).
REQUEST_CLAIM_STANDS = (RequestStatus.ACCEPTED,)
WISH_CLAIM_STANDS = (WishStatus.CLAIMED, WishStatus.FULFILLED)


def _reaches(user: User, request: ServiceRequest) -> bool:
    """Return whether `user` may reach the resident: the unit while its acceptance stands, or
    the triaging secretary before any unit has it."""
    if request.unit_id:
        return handles(user, request) and request.status in REQUEST_CLAIM_STANDS
    return handles(user, request)


def phone_shown(user: User, request: ServiceRequest) -> str:
    """The resident's phone as `user` may see it: whole to the unit that accepted the request
    (while it holds it) or the triaging secretary, masked to everyone else."""
    if _reaches(user, request):
        return request.resident_phone
    return mask_phone(request.resident_phone)


def _in_scope(user: User, case: MicroWish | ServiceRequest) -> bool:
    return can_manage(user) and scope_for(user).contains(case.community)


def name_shown(user: User, request: ServiceRequest) -> str:
    """The resident's name: whole to the back office over the community and to the handler,
    masked (张*) to the other units browsing the street's open requests."""
    if _in_scope(user, request) or _reaches(user, request):
        return request.resident_name
    return mask_name(request.resident_name)


def _claimer(user: User, wish: MicroWish) -> bool:
    """Return whether `user` holds a standing claim on the wish: approved, not withdrawn."""
    if wish.status not in WISH_CLAIM_STANDS:
        return False
    unit = _unit(user)
    return bool(
        (wish.claimed_by_id and wish.claimed_by_id == getattr(user, "pk", None))
        or (unit is not None and wish.claimed_unit_id == unit.pk)
    )


def wish_name_shown(user: User, wish: MicroWish) -> str:
    """The wisher's name: whole to the back office over the community and to the claimer,
    masked (张*) to everyone browsing the published wishes."""
    if _in_scope(user, wish) or _claimer(user, wish):
        return wish.resident_name
    return mask_name(wish.resident_name)


def wish_phone_shown(user: User, wish: MicroWish) -> str:
    """The wisher's phone: whole to whoever holds an approved claim, while it stands (or the
    secretary before any claim); masked to a claimer still waiting for approval."""
    claimer = _claimer(user, wish)
    secretary = (
        not wish.claimed_unit_id
        and not wish.claimed_by_id
        and can_manage(user)
        and user.role == Role.COMMUNITY_SECRETARY
        and scope_for(user).contains(wish.community)
    )
    return wish.resident_phone if claimer or secretary else mask_phone(wish.resident_phone)
