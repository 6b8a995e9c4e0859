"""Every write of the service desk: offers, micro-wishes and service requests, through the
state machines in workflow.py, each transition kept in the object's history."""

from __future__ import annotations

import datetime
import math
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from accounts.scope import assistant_check
from common.geo import metres
from common.masking import last_four_match
from grids.models import Node, NodeKind
from notifications.services import notify
from organizations.models import Unit

from .models import (
    MicroWish,
    NoticeKind,
    RequestEvent,
    RequestStatus,
    ServiceOffer,
    ServiceRequest,
    WishEvent,
)
from .signals import request_closed, wish_confirmed
from .workflow import REQUEST_STEPS, WISH_STEPS, Step

DEFAULT_SLA_HOURS = 72
WISH_LIFETIME_DAYS = 60
DUPLICATE_RADIUS_M = 50
DUPLICATE_WINDOW = datetime.timedelta(days=14)


class ResidentNotVerified(PermissionDenied):
    """The last four digits given are not those of the phone the resident left."""


def _resident_verify(case: MicroWish | ServiceRequest, phone_last4: str) -> None:
    """Acting by tracking code also takes what only the resident knows: the phone's last four."""
    if not last_four_match(case.resident_phone, phone_last4 or ""):
        raise ResidentNotVerified(_("The last four digits do not match the phone number you gave."))


def _move(
    obj: Any,
    steps: dict[str, Step],
    action: str,
    actor: str,
    event_model: Any,
    by: User = None,
    note: str = "",
    **event: Any,
) -> Any:
    step = steps.get(action)
    if step is None:
        raise ValidationError(_("Unknown action."))
    if actor not in step.actors:
        raise PermissionDenied(_("You may not do this."))
    if obj.status not in step.sources:
        raise ValidationError(
            _("This cannot be done while it is “%(status)s”.")
            % {"status": obj.get_status_display()}
        )
    before = obj.status
    obj.status = step.target
    obj.save()
    fk = "wish" if isinstance(obj, MicroWish) else "request"
    event_model.objects.create(
        **{fk: obj},
        from_status=before,
        to_status=step.target,
        action=action,
        by=by,
        note=note[:500],
        **event,
    )
    return obj


def _place_in(community: Node, place: Node | None) -> None:
    if community.kind != NodeKind.COMMUNITY:
        raise ValidationError({"community": _("Choose a community.")})
    if place is not None and (place == community or not place.lies_in(community)):
        raise ValidationError({"place": _("The place must lie in the chosen community.")})


# Offers ------------------------------------------------------------------


@transaction.atomic
def offer_save(*, offer: ServiceOffer) -> ServiceOffer:
    """Validate and save one line of a unit's service menu."""
    offer.full_clean()
    offer.save()
    return offer


# Micro-wishes -------------------------------------------------------------


@transaction.atomic
def wish_submit(
    *,
    community: Node,
    title: str,
    resident_name: str,
    resident_phone: str,
    description: str = "",
    place: Node | None = None,
    posted_by: Any = None,
    assisted_by: User | None = None,
    today: datetime.date | None = None,
) -> MicroWish:
    """Post a resident's wish (or a steward's for a resident) for the community to review.

    `assisted_by`: the community or street staff member filing it for a resident who has no
    phone (代办); the resident gets the tracking code on paper, never an account."""
    _place_in(community, place)
    if assisted_by is not None:
        assistant_check(assisted_by, community)
        posted_by = assisted_by
    wish = MicroWish(
        community=community,
        place=place,
        title=title.strip(),
        description=description.strip(),
        resident_name=resident_name.strip(),
        resident_phone=resident_phone.strip(),
        posted_by=posted_by,
        assisted_by=assisted_by,
        expires_on=(today or timezone.localdate()) + datetime.timedelta(days=WISH_LIFETIME_DAYS),
    )
    wish.full_clean()
    wish.save()
    WishEvent.objects.create(wish=wish, to_status=wish.status, action="submit", by=posted_by)
    return wish


@transaction.atomic
def wish_review(*, wish: MicroWish, publish: bool, by: User, note: str = "") -> MicroWish:
    if not publish and not note.strip():
        raise ValidationError({"note": _("Say why the wish is not published.")})
    return _move(
        wish, WISH_STEPS, "publish" if publish else "reject", "staff", WishEvent, by=by, note=note
    )


@transaction.atomic
def wish_claim(*, wish: MicroWish, by: User, unit: Unit | None = None) -> MicroWish:
    """A unit claims the wish at once; a volunteer's claim waits for the community's approval."""
    wish.claimed_by, wish.claimed_unit = by, unit
    if unit is not None:
        return _move(wish, WISH_STEPS, "claim", "unit", WishEvent, by=by)
    return _move(wish, WISH_STEPS, "claim_pending", "claimer", WishEvent, by=by)


@transaction.atomic
def wish_decide_claim(*, wish: MicroWish, approve: bool, by: User, note: str = "") -> MicroWish:
    claimant = wish.claimed_by
    if not approve:
        wish.claimed_by = wish.claimed_unit = None
    wish = _move(
        wish,
        WISH_STEPS,
        "approve_claim" if approve else "deny_claim",
        "staff",
        WishEvent,
        by=by,
        note=note,
    )
    if claimant is not None:
        if approve:
            subject = _("Your claim is approved: %(wish)s") % {"wish": wish.title}
            body = _("You may now fulfil the wish “%(wish)s”.") % {"wish": wish.title}
        else:
            subject = _("Your claim was not approved: %(wish)s") % {"wish": wish.title}
            body = note or _("The community did not approve your claim.")
        notify(
            recipients=[claimant],
            subject=subject,
            body=body,
            url=reverse("servicedesk:wish", args=[wish.pk]),
            kind=NoticeKind.WISH_CLAIM_APPROVED if approve else NoticeKind.WISH_CLAIM_REFUSED,
        )
    return wish


def _claimer_role(wish: MicroWish, by: User) -> str:
    if wish.claimed_unit_id and getattr(by, "unit_id", None) == wish.claimed_unit_id:
        return "unit"
    if wish.claimed_by_id and wish.claimed_by_id == getattr(by, "pk", None):
        return "claimer"
    raise PermissionDenied(_("Only the claimer may do this."))


@transaction.atomic
def wish_withdraw(*, wish: MicroWish, by: User, note: str = "") -> MicroWish:
    role = _claimer_role(wish, by)
    wish.claimed_by = wish.claimed_unit = None
    return _move(wish, WISH_STEPS, "withdraw", role, WishEvent, by=by, note=note)


@transaction.atomic
def wish_fulfil(*, wish: MicroWish, by: User, proof: str) -> MicroWish:
    role = _claimer_role(wish, by)
    if not proof.strip():
        raise ValidationError({"proof": _("Describe how the wish was fulfilled.")})
    wish.proof, wish.fulfilled_at = proof.strip(), timezone.now()
    wish.full_clean()
    return _move(wish, WISH_STEPS, "fulfil", role, WishEvent, by=by)


@transaction.atomic
def wish_confirm(*, wish: MicroWish, rating: int, phone_last4: str) -> MicroWish:
    """The resident confirms the wish came true and rates it (1-5)."""
    _resident_verify(wish, phone_last4)
    if rating not in range(1, 6):
        raise ValidationError({"rating": _("Rate from 1 to 5.")})
    wish.rating = rating
    wish = _move(wish, WISH_STEPS, "confirm", "resident", WishEvent)
    transaction.on_commit(lambda: wish_confirmed.send(sender=MicroWish, wish=wish))
    return wish


@transaction.atomic
def wish_cancel(
    *, wish: MicroWish, by: User = None, note: str = "", phone_last4: str = ""
) -> MicroWish:
    """Cancel the wish: staff in scope (`by`), or the resident with the phone's last four."""
    if by is None:
        _resident_verify(wish, phone_last4)
    return _move(
        wish,
        WISH_STEPS,
        "cancel",
        "staff" if by is not None else "resident",
        WishEvent,
        by=by,
        note=note,
    )


def wishes_expire(*, today: datetime.date | None = None) -> int:
    """Expire the published wishes whose time has run out; return how many."""
    today = today or timezone.localdate()
    count = 0
    for wish in MicroWish.objects.filter(
        status__in=WISH_STEPS["expire"].sources, expires_on__lt=today
    ):
        with transaction.atomic():
            _move(wish, WISH_STEPS, "expire", "system", WishEvent)
        count += 1
    return count


# Service requests -----------------------------------------------------------


def sla_hours(category: str) -> int:
    return settings.SERVICE_REQUEST_SLA_HOURS.get(category, DEFAULT_SLA_HOURS)


@transaction.atomic
def request_submit(
    *,
    community: Node,
    category: str,
    description: str,
    resident_name: str,
    resident_phone: str,
    place: Node | None = None,
    offer: ServiceOffer | None = None,
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    assisted_by: User | None = None,
    now: datetime.datetime | None = None,
) -> ServiceRequest:
    """Take a resident's order or trouble; no account needed, a tracking code comes back.
    `assisted_by` as for `wish_submit` (代办)."""
    _place_in(community, place)
    if assisted_by is not None:
        assistant_check(assisted_by, community)
    if offer is not None and not offer.active:
        raise ValidationError({"offer": _("This service is not offered at the moment.")})
    now = now or timezone.now()
    request = ServiceRequest(
        community=community,
        place=place,
        category=category,
        offer=offer,
        description=description.strip(),
        resident_name=resident_name.strip(),
        resident_phone=resident_phone.strip(),
        latitude=latitude,
        longitude=longitude,
        assisted_by=assisted_by,
        created_at=now,
        due_at=now + datetime.timedelta(hours=sla_hours(category)),
    )
    request.full_clean()
    request.save()
    RequestEvent.objects.create(
        request=request, to_status=request.status, action="submit", by=assisted_by, at=now
    )
    return request


@transaction.atomic
def request_triage(*, request: ServiceRequest, by: User, note: str = "") -> ServiceRequest:
    return _move(request, REQUEST_STEPS, "triage", "staff", RequestEvent, by=by, note=note)


@transaction.atomic
def request_reject(*, request: ServiceRequest, by: User, note: str) -> ServiceRequest:
    if not note.strip():
        raise ValidationError({"note": _("Say why the request is not taken up.")})
    return _move(request, REQUEST_STEPS, "reject", "staff", RequestEvent, by=by, note=note)


@transaction.atomic
def request_dispatch(
    *, request: ServiceRequest, unit: Unit, by: User, note: str = ""
) -> ServiceRequest:
    """Send the request to a unit of the same street."""
    if not unit.community.lies_in(request.community.street_node()):
        raise ValidationError({"unit": _("Dispatch to a unit of this street.")})
    request.unit = unit
    request = _move(
        request, REQUEST_STEPS, "dispatch", "staff", RequestEvent, by=by, note=note, unit=unit
    )
    notify(
        recipients=User.objects.filter(role=Role.UNIT_CONTACT, unit=unit, is_active=True),
        subject=_("A service request for %(unit)s: %(title)s")
        % {"unit": unit, "title": request.get_category_display()},
        body=_("%(description)s\nPlease accept or decline it; it is due by %(due)s.")
        % {
            "description": request.description[:200],
            "due": f"{timezone.localtime(request.due_at):%Y-%m-%d %H:%M}",
        },
        url=reverse("servicedesk:request", args=[request.pk]),
        kind=NoticeKind.REQUEST_DISPATCHED,
    )
    return request


def _unit_of(by: User) -> Unit:
    unit = getattr(by, "unit", None)
    if unit is None:
        raise PermissionDenied(_("Only a member unit's contact may do this."))
    return unit


@transaction.atomic
def request_take(*, request: ServiceRequest, by: User) -> ServiceRequest:
    """A unit takes a triaged request of its own street itself."""
    unit = _unit_of(by)
    if not unit.community.lies_in(request.community.street_node()):
        raise PermissionDenied(_("Only a unit of this street may take it."))
    request.unit = unit
    return _move(request, REQUEST_STEPS, "take", "unit", RequestEvent, by=by, unit=unit)


def _handling_unit(request: ServiceRequest, by: User) -> Unit:
    unit = _unit_of(by)
    if request.unit_id != unit.pk:
        raise PermissionDenied(_("Only the unit the request was sent to may do this."))
    return unit


@transaction.atomic
def request_accept(*, request: ServiceRequest, by: User) -> ServiceRequest:
    unit = _handling_unit(request, by)
    return _move(request, REQUEST_STEPS, "accept", "unit", RequestEvent, by=by, unit=unit)


@transaction.atomic
def request_decline(*, request: ServiceRequest, by: User, note: str) -> ServiceRequest:
    unit = _handling_unit(request, by)
    if not note.strip():
        raise ValidationError({"note": _("Say why your unit cannot take it.")})
    request.unit = None
    return _move(
        request, REQUEST_STEPS, "decline", "unit", RequestEvent, by=by, note=note, unit=unit
    )


@transaction.atomic
def request_close(*, request: ServiceRequest, by: User, report: str) -> ServiceRequest:
    unit = _handling_unit(request, by)
    if not report.strip():
        raise ValidationError({"report": _("Write what was done before closing.")})
    request.report, request.closed_at, request.closed_by_unit = report.strip(), timezone.now(), unit
    request.full_clean()
    request = _move(request, REQUEST_STEPS, "close", "unit", RequestEvent, by=by, unit=unit)
    transaction.on_commit(
        lambda: request_closed.send(sender=ServiceRequest, request=request, by=by)
    )
    return request


@transaction.atomic
def request_rate(*, request: ServiceRequest, rating: int, phone_last4: str) -> ServiceRequest:
    _resident_verify(request, phone_last4)
    if rating not in range(1, 6):
        raise ValidationError({"rating": _("Rate from 1 to 5.")})
    request.rating = rating
    return _move(request, REQUEST_STEPS, "rate", "resident", RequestEvent)


@transaction.atomic
def request_reopen(*, request: ServiceRequest, note: str, phone_last4: str) -> ServiceRequest:
    """The resident says it was not solved: back to triage, counted against the closing unit."""
    _resident_verify(request, phone_last4)
    if not note.strip():
        raise ValidationError({"note": _("Say what is still not solved.")})
    request.reopen_count += 1
    request.unit, request.closed_at = None, None
    request.due_at = timezone.now() + datetime.timedelta(hours=sla_hours(request.category))
    return _move(
        request,
        REQUEST_STEPS,
        "reopen",
        "resident",
        RequestEvent,
        note=note,
        unit=request.closed_by_unit,
    )


def similar_requests(request: ServiceRequest) -> list[ServiceRequest]:
    """Return requests of the same category within 50 m in the 14 days before this one."""
    if request.latitude is None or request.longitude is None:
        return []
    # A box of about 50 m narrows the rows in the database; the exact distance is checked below.
    dlat = Decimal("0.0005")
    dlng = Decimal(str(0.0005 / max(math.cos(math.radians(float(request.latitude))), 0.01)))
    candidates = (
        ServiceRequest.objects.filter(
            category=request.category,
            created_at__gte=request.created_at - DUPLICATE_WINDOW,
            created_at__lte=request.created_at,
            latitude__range=(request.latitude - dlat, request.latitude + dlat),
            longitude__range=(request.longitude - dlng, request.longitude + dlng),
        )
        .exclude(pk=request.pk)
        .exclude(status=RequestStatus.REJECTED)
    )
    return [
        other
        for other in candidates
        if metres(
            float(request.latitude),
            float(request.longitude),
            float(other.latitude),
            float(other.longitude),
        )
        <= DUPLICATE_RADIUS_M
    ]
