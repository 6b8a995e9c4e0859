"""Every change to a summons and its calls: raised, answered, checked in, reported, escalated,
closed. The site, the API and the admin call these, so the rules and the notices are the same
on each; who did it comes from the signed-in user."""

from __future__ import annotations

import datetime
import hmac
from collections.abc import Iterable, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from accounts.scope import can_manage, scope_for
from common.uploads import upload_check
from grids.models import Node, NodeKind, in_subtree
from notifications.services import notify
from organizations.models import Unit
from organizations.selectors import unit_contacts

from .models import (
    CALL_STEPS,
    MAX_REPORT_PHOTOS,
    ReportPhoto,
    Summons,
    SummonsCall,
    SummonsStatus,
)


class NoticeKind:
    """What a notification about a summons is about (its `kind`; never shown)."""

    SUMMONED = "summons_called"
    ESCALATED = "summons_escalated"
    DECLINED = "summons_declined"


def units_callable(node: Node) -> QuerySet[Unit]:
    """The member units a summons raised at `node` may call: the community's, or for the
    street every community's; only those still in the alliance."""
    return (
        Unit.objects.filter(in_subtree(node, "community"), left_on__isnull=True)
        .select_related("community")
        .order_by("community__lft", "name")
    )


def _require_staff(by: User, node: Node) -> None:
    if not can_manage(by) or not scope_for(by).contains(node):
        raise PermissionDenied(_("Only the staff of this community or street may do this."))


def _require_open(summons: Summons) -> None:
    if summons.status != SummonsStatus.OPEN:
        raise ValidationError(_("This summons is no longer open."))


def _call(summons: Summons, units: list[Unit], now: datetime.datetime) -> list[SummonsCall]:
    allowed = set(units_callable(summons.node).values_list("pk", flat=True))
    strangers = [u.name for u in units if u.pk not in allowed]
    if strangers:
        raise ValidationError(
            {
                "units": _("Not a member unit of %(place)s: %(units)s")
                % {"place": summons.node.name, "units": "、".join(strangers)}
            }
        )
    already = set(summons.calls.values_list("unit_id", flat=True))
    calls = SummonsCall.objects.bulk_create(
        [SummonsCall(summons=summons, unit=u, called_at=now) for u in units if u.pk not in already]
    )
    notify(
        recipients=unit_contacts(c.unit_id for c in calls),
        subject=_("Summons: %(title)s") % {"title": summons.title},
        body=_(
            "%(place)s calls your unit out: %(title)s, at %(where)s. Be there by %(deadline)s "
            "and answer on the summons page."
        )
        % {
            "place": summons.node.name,
            "title": summons.title,
            "where": summons.place,
            "deadline": f"{timezone.localtime(summons.deadline):%Y-%m-%d %H:%M}",
        },
        url=reverse("summons:detail", args=[summons.pk]),
        kind=NoticeKind.SUMMONED,
    )
    return calls


@transaction.atomic
def summons_raise(
    *,
    node: Node,
    kind: str,
    title: str,
    description: str,
    place: str,
    deadline: datetime.datetime,
    units: Iterable[Unit],
    by: User,
    now: datetime.datetime | None = None,
) -> Summons:
    """Raise a summons at a community or street and call `units` out at once (each unit's
    contacts are told in the app and by their chosen channels)."""
    _require_staff(by, node)
    if node.kind not in (NodeKind.COMMUNITY, NodeKind.STREET):
        raise ValidationError({"node": _("A summons is raised by a community or the street.")})
    now = now or timezone.now()
    if deadline <= now:
        raise ValidationError({"deadline": _("The deadline must be still to come.")})
    units = list(units)
    if not units:
        raise ValidationError({"units": _("Choose the units to call out.")})
    summons = Summons(
        node=node,
        kind=kind,
        title=title.strip(),
        description=description.strip(),
        place=place.strip(),
        deadline=deadline,
        raised_by=by,
        raised_at=now,
    )
    summons.full_clean()
    summons.save()
    _call(summons, units, now)
    return summons


@transaction.atomic
def summons_call_units(
    *, summons: Summons, units: Iterable[Unit], by: User, now: datetime.datetime | None = None
) -> list[SummonsCall]:
    """Call more units out to an open summons (the street, once a community escalated)."""
    _require_staff(by, summons.node)
    _require_open(summons)
    return _call(summons, list(units), now or timezone.now())


def _step(call: SummonsCall, name: str, by: User) -> None:
    if by.role != Role.UNIT_CONTACT or by.unit_id != call.unit_id:
        raise PermissionDenied(_("Only a contact of the unit called answers for it."))
    _require_open(call.summons)
    sources, target = CALL_STEPS[name]
    if call.status not in sources:
        raise ValidationError(
            _("This step does not follow from “%(status)s”.")
            % {"status": call.get_status_display()}
        )
    call.status = target
    call.answered_by = by
    if call.answered_at is None:
        call.answered_at = timezone.now()


@transaction.atomic
def call_accept(*, call: SummonsCall, by: User) -> SummonsCall:
    _step(call, "accept", by)
    call.save(update_fields=["status", "answered_by", "answered_at"])
    return call


@transaction.atomic
def call_decline(*, call: SummonsCall, reason: str, by: User) -> SummonsCall:
    """The unit cannot come: it says why, and the staff who called it are told."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the unit cannot come.")})
    _step(call, "decline", by)
    call.decline_reason = reason.strip()
    call.save(update_fields=["status", "answered_by", "answered_at", "decline_reason"])
    summons = call.summons
    notify(
        recipients=[summons.raised_by],
        subject=_("%(unit)s cannot come: %(title)s") % {"unit": call.unit, "title": summons},
        body=call.decline_reason,
        url=reverse("summons:detail", args=[summons.pk]),
        kind=NoticeKind.DECLINED,
    )
    return call


@transaction.atomic
def call_arriving(*, call: SummonsCall, by: User) -> SummonsCall:
    _step(call, "arriving", by)
    call.save(update_fields=["status", "answered_by", "answered_at"])
    return call


@transaction.atomic
def call_check_in(*, call: SummonsCall, token: str, by: User) -> SummonsCall:
    """The unit is on site: its contact scanned the code shown at the place."""
    if not hmac.compare_digest(token or "", call.summons.checkin_token):
        raise ValidationError(_("This check-in code is not the one shown at the place."))
    _step(call, "check_in", by)
    call.on_site_at = timezone.now()
    call.save(update_fields=["status", "answered_by", "answered_at", "on_site_at"])
    return call


@transaction.atomic
def call_report(
    *, call: SummonsCall, report: str, by: User, photos: Sequence[UploadedFile] = ()
) -> SummonsCall:
    """What the unit did on site, with the photos it took (up to MAX_REPORT_PHOTOS; the upload
    policy checks each one's content and size; they are served only to those who see the
    summons); the call is done."""
    if not report.strip():
        raise ValidationError({"report": _("Say what the unit did.")})
    if len(photos) > MAX_REPORT_PHOTOS:
        raise ValidationError({"photo": _("Send at most %(n)s photos.") % {"n": MAX_REPORT_PHOTOS}})
    for photo in photos:
        try:
            upload_check(photo, "summons_photo")
        except ValidationError as exc:
            raise ValidationError({"photo": exc.error_list}) from exc
    _step(call, "report", by)
    call.report = report.strip()
    call.done_at = timezone.now()
    call.save(update_fields=["status", "answered_by", "answered_at", "report", "done_at"])
    for photo in photos:
        ReportPhoto.objects.create(call=call, photo=photo)
    return call


def call_step(
    *,
    call: SummonsCall,
    step: str,
    by: User,
    note: str = "",
    token: str = "",
    photos: Sequence[UploadedFile] = (),
) -> SummonsCall:
    """Take the unit's step named `step` (the site's buttons and the API's answer both name
    it): `note` is the reason of a decline or the report, `token` the place's check-in code."""
    if step == "accept":
        return call_accept(call=call, by=by)
    if step == "arriving":
        return call_arriving(call=call, by=by)
    if step == "decline":
        return call_decline(call=call, reason=note, by=by)
    if step == "check_in":
        return call_check_in(call=call, token=token, by=by)
    if step == "report":
        return call_report(call=call, report=note, by=by, photos=photos)
    raise ValidationError(_("There is no such step."))


@transaction.atomic
def summons_escalate(*, summons: Summons, note: str, by: User) -> Summons:
    """The community cannot settle it: the street gets a summons of its own, linked to this
    one, to call units of the whole street; the street's staff are told."""
    _require_staff(by, summons.node)
    _require_open(summons)
    if summons.node.kind != NodeKind.COMMUNITY:
        raise ValidationError(_("Only a community's summons goes up to the street."))
    if not note.strip():
        raise ValidationError({"note": _("Say what the community cannot settle.")})
    street = summons.node.get_ancestors().filter(kind=NodeKind.STREET).first()
    if street is None:
        raise ValidationError(_("This community belongs to no street."))
    summons.status = SummonsStatus.ESCALATED
    summons.save(update_fields=["status"])
    upper = Summons.objects.create(
        node=street,
        kind=summons.kind,
        title=summons.title,
        description=summons.description,
        place=summons.place,
        deadline=summons.deadline,
        raised_by=by,
        escalated_from=summons,
        escalation_note=note.strip(),
    )
    notify(
        recipients=User.objects.filter(role=Role.STREET_STAFF, scope_node=street, is_active=True),
        subject=_("%(community)s asks the street: %(title)s")
        % {"community": summons.node.name, "title": summons.title},
        body=upper.escalation_note,
        url=reverse("summons:detail", args=[upper.pk]),
        kind=NoticeKind.ESCALATED,
    )
    return upper


@transaction.atomic
def summons_close(*, summons: Summons, note: str, by: User) -> Summons:
    """Settled: the outcome is recorded and no unit answers any more."""
    _require_staff(by, summons.node)
    _require_open(summons)
    if not note.strip():
        raise ValidationError({"note": _("Say how it was settled.")})
    summons.status = SummonsStatus.CLOSED
    summons.closing_note = note.strip()
    summons.closed_at = timezone.now()
    summons.closed_by = by
    summons.save(update_fields=["status", "closing_note", "closed_at", "closed_by"])
    return summons
