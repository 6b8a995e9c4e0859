"""Writes of the three lists: needs recorded (from a request, a wish, a visit or a survey),
resources a unit can give, a unit offering itself to a need, a need turned into a project, and
residents' ratings of the finished project, which close the need. The site, the API and the
admin call these; who did it comes from the signed-in user."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from accounts.scope import assistant_check, can_manage, scope_for
from common import ratelimit
from grids.models import Node, NodeKind
from notifications.services import notify
from organizations.models import Unit
from organizations.selectors import unit_contacts
from servicedesk.selectors import case_for_need

from ..models import (
    Need,
    NeedOffer,
    NeedSource,
    NeedStatus,
    Project,
    ProjectRating,
    ProjectStatus,
    Resource,
)
from . import _rating_keep, needs_close_if_met, phone_voter, project_create, voter_checked


class NoticeKind:
    """What a notification about the lists is about (its `kind`; never shown)."""

    OFFERED = "need_offered"
    MATCHED = "need_matched"


def _require_staff(by: User, node: Node) -> None:
    if not can_manage(by) or not scope_for(by).contains(node):
        raise PermissionDenied(_("Only the staff of this community or street may do this."))


def _require_unit(by: User, unit: Unit) -> None:
    """A unit's contact acts for their unit; staff for the units of their place."""
    if by.is_active and by.role == Role.UNIT_CONTACT and by.unit_id == unit.pk:
        return
    _require_staff(by, unit.community)


@transaction.atomic
def need_record(
    *,
    community: Node,
    title: str,
    category: str,
    source: str,
    by: User,
    description: str = "",
    place: Node | None = None,
    people: int = 1,
    urgency: str = "",
    source_id: int | None = None,
) -> Need:
    """Put a residents' need on the community's demand list. A need from a request or a wish
    names its record, which must be the community's; each record goes on the list once."""
    _require_staff(by, community)
    if community.kind != NodeKind.COMMUNITY:
        raise ValidationError({"community": _("Needs are listed by community.")})
    if source in (NeedSource.REQUEST, NeedSource.WISH):
        if source_id is None or case_for_need(source, source_id, community) is None:
            raise ValidationError({"source_id": _("No such request or wish in this community.")})
    elif source_id is not None:
        raise ValidationError({"source_id": _("Only a request or a wish is linked to its record.")})
    if Need.objects.filter(source=source, source_id=source_id, source_id__isnull=False).exists():
        raise ValidationError(_("This request or wish is on the demand list already."))
    need = Need(
        community=community,
        place=place,
        title=title.strip(),
        description=description.strip(),
        category=category,
        people=people,
        source=source,
        source_id=source_id,
        created_by=by,
    )
    if urgency:
        need.urgency = urgency
    need.full_clean()
    need.save()
    return need


@transaction.atomic
def need_withdraw(*, need: Need, by: User) -> Need:
    """Take a need off the open list (met otherwise, or no longer there)."""
    _require_staff(by, need.community)
    if need.status != NeedStatus.OPEN:
        raise ValidationError(_("Only an open need can be withdrawn."))
    need.status, need.closed_at = NeedStatus.WITHDRAWN, timezone.now()
    need.save(update_fields=["status", "closed_at"])
    return need


@transaction.atomic
def resource_add(
    *,
    unit: Unit,
    kind: str,
    category: str,
    title: str,
    capacity: str,
    availability: str,
    by: User,
) -> Resource:
    """Put what a unit can give on the resource list."""
    _require_unit(by, unit)
    resource = Resource(
        unit=unit,
        kind=kind,
        category=category,
        title=title.strip(),
        capacity=capacity.strip(),
        availability=availability.strip(),
        created_by=by,
    )
    resource.full_clean()
    resource.save()
    return resource


@transaction.atomic
def resource_set_active(*, resource: Resource, active: bool, by: User) -> Resource:
    """Offer a resource again, or take it off the list for now."""
    _require_unit(by, resource.unit)
    resource.active = active
    resource.save(update_fields=["active"])
    return resource


@transaction.atomic
def need_offer(
    *, need: Need, unit: Unit, note: str, by: User, resource: Resource | None = None
) -> NeedOffer:
    """A unit offers itself to meet an open need of a community of its street; the community's
    staff are told."""
    _require_unit(by, unit)
    if need.status != NeedStatus.OPEN:
        raise ValidationError(_("This need is no longer open."))
    street = need.community.street_node() or need.community
    if unit.left_on is not None or not unit.community.lies_in(street):
        raise ValidationError(_("Only member units of this street may offer."))
    if NeedOffer.objects.filter(need=need, unit=unit).exists():
        raise ValidationError(_("Your unit has offered already."))
    offer = NeedOffer(need=need, unit=unit, resource=resource, note=note.strip(), offered_by=by)
    offer.full_clean(validate_constraints=False)
    offer.save()
    notify(
        recipients=User.objects.filter(
            role=Role.COMMUNITY_SECRETARY, scope_node=need.community, is_active=True
        ),
        subject=_("%(unit)s offers to meet a need") % {"unit": unit.name},
        body=_("%(unit)s offers to meet “%(need)s”: %(note)s")
        % {"unit": unit.name, "need": need.title, "note": offer.note},
        url=reverse("pledges:need", args=[need.pk]),
        kind=NoticeKind.OFFERED,
    )
    return offer


@transaction.atomic
def need_to_project(
    *,
    need: Need,
    title: str,
    goal: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    lead_unit: Unit,
    resources: Iterable[Resource] = (),
    by: User,
) -> Project:
    """Turn an open need, matched with units' resources, into a co-building project led by one
    of them; the units whose resources it draws on are told."""
    _require_staff(by, need.community)
    if need.status != NeedStatus.OPEN:
        raise ValidationError(_("This need is no longer open."))
    resources = list(resources)
    street = need.community.street_node() or need.community
    units = [lead_unit, *(r.unit for r in resources)]
    if any(u.left_on is not None or not u.community.lies_in(street) for u in units):
        raise ValidationError({"lead_unit": _("Only member units of this street may take part.")})
    if any(not r.active for r in resources):
        raise ValidationError({"resources": _("A resource taken off the list cannot be used.")})
    project = project_create(
        title=title,
        goal=goal,
        node=need.place or need.community,
        starts_on=starts_on,
        ends_on=ends_on,
        lead_unit=lead_unit,
    )
    project.resources.set(resources)
    need.project, need.status = project, NeedStatus.IN_PROJECT
    need.save(update_fields=["project", "status"])
    notify(
        recipients=unit_contacts(u.pk for u in units),
        subject=_("A co-building project: %(title)s") % {"title": project.title},
        body=_("%(community)s made the need “%(need)s” a project your unit takes part in.")
        % {"community": need.community.name, "need": need.title},
        url=reverse("pledges:project", args=[project.pk]),
        kind=NoticeKind.MATCHED,
    )
    return project


def _ratable(project: Project) -> None:
    if project.status != ProjectStatus.COMPLETED:
        raise ValidationError(_("A project is rated once it is completed."))


@transaction.atomic
def project_rate(
    *, project: Project, value: str, voter_token: str, address: str, comment: str = ""
) -> ProjectRating:
    """Record a resident's rating of a completed project, once per rater, with the pledge
    ratings' signed identity and rate limit; enough ratings close the needs it met."""
    _ratable(project)
    rating = _rating_keep(
        ProjectRating(
            project=project,
            value=value,
            comment=comment.strip(),
            voter=voter_checked(voter_token, address),
        ),
        _("You have rated this project already. Thank you!"),
    )
    ratelimit.count("rating", address)
    needs_close_if_met(project)
    return rating


@transaction.atomic
def project_rate_assisted(
    *, project: Project, value: str, resident_phone: str, by: User, comment: str = ""
) -> ProjectRating:
    """Record the rating a resident without a phone gives at the service centre (代办): known
    by their hashed phone number, so one person rates a project once."""
    _ratable(project)
    assistant_check(by, project.node)
    rating = _rating_keep(
        ProjectRating(
            project=project,
            value=value,
            comment=comment.strip(),
            voter=phone_voter(resident_phone),
            assisted_by=by,
        ),
        _("This resident has rated this project already."),
    )
    needs_close_if_met(project)
    return rating
