"""Follow-up items (督办事项): created from resolutions, worked on, escalated, closed."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from accounts.scope import decides_for_street, oversees_district, scope_for
from grids.models import NodeKind
from notifications.services import notify
from organizations.models import Unit
from organizations.selectors import unit_contacts

from ..models import (
    Committee,
    CommitteeKind,
    DistrictReport,
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
    return list(unit_contacts([unit.pk]))


@transaction.atomic
def followup_update(
    *,
    item: FollowUp,
    status: str,
    evidence_text: str | None = None,
    evidence_file: UploadedFile | None = None,
    at: datetime.datetime | None = None,
    by: User | None = None,
) -> FollowUp:
    """Move an item on, with its evidence.

    "Done" from the owner unit is a report for review (`followup_report_done`); only the
    committee's secretary or the street closes an item (`followup_accept`)."""
    if item.status == FollowUpStatus.DONE:
        raise ValidationError(_("This item is closed; it cannot be changed any more."))
    if status in (FollowUpStatus.DONE, FollowUpStatus.REPORTED):
        return followup_report_done(
            item=item, evidence_text=evidence_text, evidence_file=evidence_file, at=at, by=by
        )
    fields = ["status", "reported_at"]
    _set_evidence(item, evidence_text, evidence_file, fields)
    item.status, item.reported_at = status, None
    item.full_clean()
    item.save(update_fields=fields)
    return item


def _set_evidence(
    item: FollowUp, text: str | None, upload: UploadedFile | None, fields: list[str]
) -> None:
    if text is not None:
        item.evidence_text = text
        fields.append("evidence_text")
    if upload is not None:
        item.evidence_file = upload
        fields.append("evidence_file")


@transaction.atomic
def followup_report_done(
    *,
    item: FollowUp,
    evidence_text: str | None = None,
    evidence_file: UploadedFile | None = None,
    at: datetime.datetime | None = None,
    by: User | None = None,
) -> FollowUp:
    """The owner unit reports the item done, with its evidence, for the secretary's review."""
    if item.status == FollowUpStatus.DONE:
        raise ValidationError(_("This item is closed already."))
    fields = ["status", "reported_at", "review_note"]
    _set_evidence(item, evidence_text, evidence_file, fields)
    if not ((item.evidence_text or "").strip() or item.evidence_file):
        raise ValidationError(
            {"evidence_text": _("Give the evidence (a note or a file) before reporting it done.")}
        )
    item.status, item.reported_at = FollowUpStatus.REPORTED, at or timezone.now()
    item.review_note = ""
    item.full_clean()
    item.save(update_fields=fields)
    transaction.on_commit(lambda: _tell_reviewers(item.pk))
    return item


@transaction.atomic
def followup_accept(
    *, item: FollowUp, by: User | None = None, note: str = "", at: datetime.datetime | None = None
) -> FollowUp:
    """Accept the owner's report: the item is closed, counted from the day it was reported."""
    if item.status != FollowUpStatus.REPORTED:
        raise ValidationError(_("Only an item its unit has reported done can be accepted."))
    now = at or timezone.now()
    item.status = FollowUpStatus.DONE
    item.closed_at = item.reported_at or now
    item.reviewed_by, item.reviewed_at, item.review_note = by, now, note.strip()
    item.save(update_fields=["status", "closed_at", "reviewed_by", "reviewed_at", "review_note"])
    return item


@transaction.atomic
def followup_return(*, item: FollowUp, reason: str, by: User | None = None) -> FollowUp:
    """Send the owner's report back with the reason: the item is in progress again."""
    if item.status != FollowUpStatus.REPORTED:
        raise ValidationError(_("Only an item its unit has reported done can be sent back."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the report is sent back.")})
    item.status, item.reported_at = FollowUpStatus.IN_PROGRESS, None
    item.reviewed_by, item.reviewed_at, item.review_note = by, timezone.now(), reason.strip()
    item.save(update_fields=["status", "reported_at", "reviewed_by", "reviewed_at", "review_note"])
    notify(
        recipients=_unit_contacts(item.owner),
        subject=_("Sent back: %(item)s") % {"item": item.title},
        body=_("The report that this item is done was sent back: %(reason)s")
        % {"reason": item.review_note},
        url=reverse("alliance:followup", args=[item.pk]),
        kind=NoticeKind.FOLLOWUP_RETURNED,
    )
    return item


def _tell_reviewers(item_id: int) -> None:
    """Tell the community's secretaries (or, for a street item, its staff) a report waits."""
    item = FollowUp.objects.select_related("owner", "meeting__committee__node").get(pk=item_id)
    node = item.meeting.committee.node
    if node.kind == NodeKind.STREET:
        reviewers = Q(role=Role.STREET_STAFF, scope_node=node)
    else:
        reviewers = Q(role=Role.COMMUNITY_SECRETARY, scope_node=node)
    reviewers = User.objects.filter(reviewers, is_active=True)
    notify(
        recipients=list(reviewers),
        subject=_("Reported done, please review: %(item)s") % {"item": item.title},
        body=_("%(unit)s reports this item done: %(evidence)s")
        % {"unit": item.owner, "evidence": item.evidence_text[:200]},
        url=reverse("alliance:followup", args=[item.pk]),
        kind=NoticeKind.FOLLOWUP_REPORTED,
    )


def street_committee_for(committee: Committee) -> Committee:
    """Return the big working committee of the street a community committee belongs to."""
    street = committee.node.street_node()
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
    street = committee.node.street_node()
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
    report = getattr(escalation.followup, "district_report", None)
    if report is not None and report.is_open:
        raise ValidationError(
            _("The street reported this item to the district: the district decides first.")
        )
    if not decision.strip():
        raise ValidationError({"decision": _("Write the street's decision.")})
    escalation.decision, escalation.decided_by, escalation.decided_at = decision, by, timezone.now()
    escalation.save(update_fields=["decision", "decided_by", "decided_at"])
    note = _("Street decision: %(decision)s") % {"decision": decision}
    _decision_to_item(escalation.followup, note, by=by, close_item=close_item)
    transaction.on_commit(lambda: _tell_decision(escalation.pk))
    return escalation


def _decision_to_item(item: FollowUp, note: str, *, by: User | None, close_item: bool) -> None:
    """Write a decision from above into the item's evidence; with `close_item` it closes the
    item, the deciding account as its reviewer (an item closed already stays as it was)."""
    item.evidence_text = f"{item.evidence_text}\n{note}".strip()
    item.save(update_fields=["evidence_text"])
    if close_item and item.status != FollowUpStatus.DONE:
        now = timezone.now()
        item.status, item.closed_at = FollowUpStatus.DONE, item.reported_at or now
        item.reviewed_by, item.reviewed_at = by, now
        item.save(update_fields=["status", "closed_at", "reviewed_by", "reviewed_at"])


def _send_decision(
    people: QuerySet[User], key: str, kind: str, subject: str, item: FollowUp, body: str
) -> None:
    """Tell each of `people` a decision on `item` once (the reminder ledger keys it)."""
    from notifications.services import ReminderSpec, reminder_send

    for person in people:
        reminder_send(
            ReminderSpec(
                key=f"{key}:{person.pk}",
                kind=kind,
                recipient=person,
                subject=subject,
                body=body,
                url=reverse("alliance:followup", args=[item.pk]),
            )
        )


def _tell_decision(escalation_id: int) -> None:
    """Tell the community's secretaries and the owner unit what the street decided."""
    escalation = Escalation.objects.select_related(
        "followup__owner", "followup__meeting__committee"
    ).get(pk=escalation_id)
    item = escalation.followup
    community_id = item.meeting.committee.node_id
    people = User.objects.filter(is_active=True).filter(
        Q(role=Role.COMMUNITY_SECRETARY, scope_node_id=community_id)
        | Q(role=Role.UNIT_CONTACT, unit_id=item.owner_id)
    )
    subject = _("The street decided: %(item)s") % {"item": item.title}
    key = f"decision:{escalation.pk}"
    _send_decision(people, key, NoticeKind.STREET_DECISION, subject, item, escalation.decision)


def district_report_allowed(item: FollowUp) -> bool:
    """Whether the item is the street's to report up: one of the street committee's own items,
    or one a community escalated that the street has not decided, and not done."""
    if item.status == FollowUpStatus.DONE or hasattr(item, "district_report"):
        return False
    committee = item.meeting.committee
    if committee.kind == CommitteeKind.WORKING:
        return True
    escalation = getattr(item, "escalation", None)
    return escalation is not None and escalation.is_open


@transaction.atomic
def followup_report_to_district(*, item: FollowUp, reason: str, by: User) -> DistrictReport:
    """Report an item the street cannot settle to the district above it (向上级党委汇报); the
    district's staff are told at once. Only the street's own staff report, in their scope."""
    street = item.meeting.committee.node.street_node()
    if not decides_for_street(by) or not scope_for(by).contains(street):
        raise PermissionDenied(_("Only the street's staff report to the district."))
    district = street.district_node() if street else None
    if district is None:
        raise ValidationError(_("This street has no district above it to report to."))
    if hasattr(item, "district_report"):
        raise ValidationError(_("This item was reported to the district already."))
    if not district_report_allowed(item):
        raise ValidationError(
            _(
                "Only an open item of the street committee, or one a community escalated that "
                "the street has not decided, goes up to the district."
            )
        )
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the street cannot settle it.")})
    try:
        with transaction.atomic():  # two clicks at once: the second finds the first's report
            report = DistrictReport.objects.create(
                followup=item, district=district, street=street, reason=reason.strip(), raised_by=by
            )
    except IntegrityError as exc:
        raise ValidationError(_("This item was reported to the district already.")) from exc
    notify(
        recipients=User.objects.filter(
            role=Role.DISTRICT_STAFF, scope_node=district, is_active=True
        ),
        subject=_("Reported to the district: %(item)s") % {"item": item.title},
        body=_("%(street)s cannot settle this item of %(unit)s: %(reason)s")
        % {"street": street, "unit": item.owner, "reason": report.reason},
        url=reverse("alliance:followup", args=[item.pk]),
        kind=NoticeKind.DISTRICT_REPORT,
    )
    return report


@transaction.atomic
def district_report_decide(
    *, report: DistrictReport, decision: str, by: User, close_item: bool = False
) -> DistrictReport:
    """Record the district's decision; it flows back to the item (and may close it), and the
    street's staff, the community's secretaries and the owner unit are told."""
    if not oversees_district(by) or not scope_for(by).contains(report.district):
        raise PermissionDenied(_("Only the district's staff decide what is reported to it."))
    if not report.is_open:
        raise ValidationError(_("The district has decided on this item already."))
    if not decision.strip():
        raise ValidationError({"decision": _("Write the district's decision.")})
    report.decision, report.decided_by, report.decided_at = decision.strip(), by, timezone.now()
    report.save(update_fields=["decision", "decided_by", "decided_at"])
    note = _("District decision: %(decision)s") % {"decision": report.decision}
    _decision_to_item(report.followup, note, by=by, close_item=close_item)
    transaction.on_commit(lambda: _tell_district_decision(report.pk))
    return report


def _tell_district_decision(report_id: int) -> None:
    """Tell the street's staff, the community's secretaries and the owner unit."""
    report = DistrictReport.objects.select_related(
        "followup__owner", "followup__meeting__committee"
    ).get(pk=report_id)
    item = report.followup
    node_id = item.meeting.committee.node_id
    people = User.objects.filter(is_active=True).filter(
        Q(role=Role.STREET_STAFF, scope_node_id=report.street_id)
        | Q(role=Role.COMMUNITY_SECRETARY, scope_node_id=node_id)
        | Q(role=Role.UNIT_CONTACT, unit_id=item.owner_id)
    )
    subject = _("The district decided: %(item)s") % {"item": item.title}
    key = f"district-decision:{report.pk}"
    _send_decision(people, key, NoticeKind.DISTRICT_DECISION, subject, item, report.decision)
