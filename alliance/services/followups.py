"""Follow-up items (督办事项): created from resolutions, worked on, escalated, closed."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from notifications.services import notify
from organizations.models import Unit

from ..models import (
    Committee,
    CommitteeKind,
    Escalation,
    FollowUp,
    FollowUpStatus,
    Meeting,
    MeetingStatus,
    NoticeKind,
    Resolution,
)


@transaction.atomic
def followup_create(
    *,
    meeting: Meeting,
    title: str,
    owner: Unit,
    due_on: datetime.date,
    resolution: Resolution | None = None,
    created_at: datetime.datetime | None = None,
) -> FollowUp:
    """Create an item for `owner` to finish by `due_on`."""
    item = FollowUp(
        meeting=meeting,
        resolution=resolution,
        title=title,
        owner=owner,
        due_on=due_on,
        created_at=created_at or timezone.now(),
    )
    item.full_clean()
    if item.due_on < timezone.localtime(item.created_at).date():
        raise ValidationError({"due_on": _("The due date cannot be before the item is created.")})
    item.save()
    notify(
        recipients=_unit_contacts(owner),
        subject=_("New follow-up item for %(unit)s: %(item)s")
        % {"unit": owner, "item": item.title},
        body=_("%(unit)s is to finish this item by %(due)s: %(item)s")
        % {"unit": owner, "due": f"{item.due_on:%Y-%m-%d}", "item": item.title},
        url=reverse("alliance:followup", args=[item.pk]),
        kind=NoticeKind.FOLLOWUP_ASSIGNED,
    )
    return item


def _unit_contacts(unit: Unit) -> list[User]:
    return list(User.objects.filter(role=Role.UNIT_CONTACT, unit=unit, is_active=True))


@transaction.atomic
def followup_update(
    *,
    item: FollowUp,
    status: str,
    evidence_text: str | None = None,
    evidence_file: UploadedFile | None = None,
    at: datetime.datetime | None = None,
) -> FollowUp:
    """Move an item on, with its evidence; closing an item needs evidence."""
    fields = ["status"]
    if evidence_text is not None:
        item.evidence_text = evidence_text
        fields.append("evidence_text")
    if evidence_file is not None:
        item.evidence_file = evidence_file
        fields.append("evidence_file")
    if status == FollowUpStatus.DONE and not (item.evidence_text or item.evidence_file):
        raise ValidationError({"evidence_text": _("Give the evidence before closing the item.")})
    item.status = status
    item.closed_at = (at or timezone.now()) if status == FollowUpStatus.DONE else None
    fields.append("closed_at")
    item.full_clean()
    item.save(update_fields=fields)
    return item


def street_committee_for(committee: Committee) -> Committee:
    """Return the big working committee of the street a community committee belongs to."""
    street = committee.node.get_root()
    found = Committee.objects.filter(node=street, kind=CommitteeKind.WORKING).first()
    if found is None:
        raise ValidationError(_("The street has no big working committee to escalate to."))
    return found


@transaction.atomic
def followup_escalate(*, item: FollowUp, reason: str, by: User = None) -> Escalation:
    """Send an item the community committee cannot settle up to the street committee.

    It lands on the street committee's next scheduled meeting, or the next one scheduled.
    """
    from .meetings import _add_topic

    committee = item.meeting.committee
    if committee.kind != CommitteeKind.PARTY:
        raise ValidationError(_("Only a community committee's items go up to the street."))
    if item.status == FollowUpStatus.DONE:
        raise ValidationError(_("This item is done; there is nothing to escalate."))
    if hasattr(item, "escalation"):
        raise ValidationError(_("This item was escalated already."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the community committee cannot settle it.")})
    street_committee = street_committee_for(committee)
    escalation = Escalation.objects.create(
        followup=item, street_committee=street_committee, reason=reason, raised_by=by
    )
    next_meeting = (
        Meeting.objects.filter(
            committee=street_committee, status=MeetingStatus.SCHEDULED, starts_at__gt=timezone.now()
        )
        .order_by("starts_at")
        .first()
    )
    if next_meeting is not None:
        _add_topic(next_meeting, item, "escalated")
        escalation.street_meeting = next_meeting
        escalation.save(update_fields=["street_meeting"])
    street = committee.node.get_root()
    notify(
        recipients=User.objects.filter(role=Role.STREET_STAFF, scope_node=street, is_active=True),
        subject=_("Escalated to the street: %(item)s") % {"item": item.title},
        body=_("%(committee)s cannot settle this item of %(unit)s: %(reason)s")
        % {"committee": committee, "unit": item.owner, "reason": reason},
        url=reverse("alliance:followup", args=[item.pk]),
        kind=NoticeKind.FOLLOWUP_ESCALATED,
    )
    return escalation


@transaction.atomic
def escalation_decide(
    *, escalation: Escalation, decision: str, by: User = None, close_item: bool = False
) -> Escalation:
    """Record the street's decision; it flows back to the item (and may close it)."""
    if not escalation.is_open:
        raise ValidationError(_("The street has decided on this item already."))
    if not decision.strip():
        raise ValidationError({"decision": _("Write the street's decision.")})
    escalation.decision, escalation.decided_by, escalation.decided_at = decision, by, timezone.now()
    escalation.save(update_fields=["decision", "decided_by", "decided_at"])
    item = escalation.followup
    note = _("Street decision: %(decision)s") % {"decision": decision}
    item.evidence_text = f"{item.evidence_text}\n{note}".strip()
    item.save(update_fields=["evidence_text"])
    if close_item:
        followup_update(item=item, status=FollowUpStatus.DONE)
    transaction.on_commit(lambda: _tell_decision(escalation.pk))
    return escalation


def _tell_decision(escalation_id: int) -> None:
    """Tell the community's secretaries and the owner unit what the street decided."""
    from notifications.services import ReminderSpec, reminder_send

    escalation = Escalation.objects.select_related(
        "followup__owner", "followup__meeting__committee"
    ).get(pk=escalation_id)
    item = escalation.followup
    community_id = item.meeting.committee.node_id
    people = User.objects.filter(is_active=True).filter(
        Q(role=Role.COMMUNITY_SECRETARY, scope_node_id=community_id)
        | Q(role=Role.UNIT_CONTACT, unit_id=item.owner_id)
    )
    for person in people:
        reminder_send(
            ReminderSpec(
                key=f"decision:{escalation.pk}:{person.pk}",
                kind=NoticeKind.STREET_DECISION,
                recipient=person,
                subject=_("The street decided: %(item)s") % {"item": item.title},
                body=escalation.decision,
                url=reverse("alliance:followup", args=[item.pk]),
            )
        )
