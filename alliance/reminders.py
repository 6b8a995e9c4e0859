"""Which reminders are due, worked out from the database alone.

The pass looks at the state of rota, meetings and items on a given day and names every
reminder someone is due then, each under a key of what, for whom and for which occasion.
`notifications.services.reminders_send` sends each key once. Because nothing depends on
queued state, a pass after an outage sends what was missed; because a meeting's key holds
its start time, a moved meeting is never announced for the old time.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from notifications.services import ReminderSpec, pending_specs, reminders_send
from organizations.selectors import unit_contacts

from .models import CommitteeKind, CommitteeMember, FollowUp, Meeting, MeetingStatus, RotaSlot
from .models import NoticeKind as Kind


def _contacts(unit_ids: Iterable[int]) -> dict[int, list[User]]:
    """The active contacts of each of the units, in one query."""
    people: dict[int, list[User]] = {}
    for user in unit_contacts(unit_ids):
        people.setdefault(user.unit_id, []).append(user)
    return people


def _by_scope(roles: Iterable[str], node_ids: Iterable[int]) -> dict[tuple[str, int], list[User]]:
    """The active users of the roles scoped to each of the nodes, in one query."""
    people: dict[tuple[str, int], list[User]] = {}
    for user in User.objects.filter(
        role__in=set(roles), scope_node_id__in=set(node_ids), is_active=True
    ).order_by("pk"):
        people.setdefault((user.role, user.scope_node_id), []).append(user)
    return people


def _first_of_next_month(day: datetime.date) -> datetime.date:
    return (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def _convener_reminders(today: datetime.date) -> Iterator[ReminderSpec]:
    month = _first_of_next_month(today)
    slots = [
        slot
        for slot in RotaSlot.objects.filter(year=month.year, month=month.month).select_related(
            "committee", "unit"
        )
        if today >= month - datetime.timedelta(days=slot.committee.convener_notice_days)
    ]
    contacts = _contacts(slot.unit_id for slot in slots)
    for slot in slots:
        for user in contacts.get(slot.unit_id, []):
            yield ReminderSpec(
                key=f"{Kind.CONVENER}:{slot.committee_id}:{month:%Y-%m}:{slot.unit_id}:{user.pk}",
                kind=Kind.CONVENER,
                recipient=user,
                subject=_("%(unit)s convenes %(committee)s in %(month)s")
                % {"unit": slot.unit, "committee": slot.committee, "month": f"{month:%Y-%m}"},
                body=_(
                    "Your unit is the rotating secretary for %(month)s: please convene the "
                    "joint meeting of %(committee)s and collect the community's problems."
                )
                % {"month": f"{month:%Y-%m}", "committee": slot.committee},
                url=reverse("alliance:rota", args=[slot.committee_id, month.year]),
            )


def _meeting_recipients(meeting: Meeting, contacts: dict[int, list[User]]) -> list[User]:
    """The contacts of the units expected and of the rotating secretary's unit, and the
    committee's members with an account (`contacts` must hold the convener's unit too)."""
    units = [row.unit_id for row in meeting.attendance.all()]
    if meeting.convener_id:
        units.append(meeting.convener_id)
    people = {u.pk: u for unit_id in units for u in contacts.get(unit_id, [])}
    for seat in meeting.committee.members.all():
        if seat.user_id and seat.user.is_active:
            people.setdefault(seat.user_id, seat.user)
    return list(people.values())


def _meeting_reminders(today: datetime.date, now: datetime.datetime) -> Iterator[ReminderSpec]:
    horizon = now + datetime.timedelta(days=31)
    meetings = (
        Meeting.objects.upcoming(now)
        .filter(starts_at__lte=horizon)
        .select_related("committee")
        .prefetch_related(
            "attendance",
            Prefetch("committee__members", queryset=_active_seats(today)),
        )
    )
    due: list[tuple[Meeting, int]] = []
    for meeting in meetings:
        days_left = (timezone.localtime(meeting.starts_at).date() - today).days
        leads = {meeting.committee.member_notice_days, meeting.committee.member_last_notice_days}
        # Only the closest notice whose window has opened: after an outage, one notice, not two.
        applicable = [lead for lead in leads if 0 <= days_left <= lead]
        if applicable:
            due.append((meeting, min(applicable)))
    contacts = _contacts(
        [row.unit_id for meeting, _lead in due for row in meeting.attendance.all()]
        + [meeting.convener_id for meeting, _lead in due if meeting.convener_id]
    )
    for meeting, lead in due:
        start = timezone.localtime(meeting.starts_at)
        for user in _meeting_recipients(meeting, contacts):
            yield ReminderSpec(
                key=f"{Kind.MEETING}:{meeting.pk}:{meeting.starts_at:%Y%m%dT%H%M}:{lead}d:{user.pk}",
                kind=Kind.MEETING,
                recipient=user,
                subject=_("Meeting on %(when)s: %(title)s")
                % {"when": f"{start:%Y-%m-%d %H:%M}", "title": meeting.title},
                body=_("%(title)s, %(when)s, at %(place)s %(address)s.")
                % {
                    "title": meeting.title,
                    "when": f"{start:%Y-%m-%d %H:%M}",
                    "place": meeting.place,
                    "address": meeting.address,
                },
                url=reverse("alliance:meeting", args=[meeting.pk]),
            )


def _active_seats(today: datetime.date):
    return (
        CommitteeMember.objects.filter(starts_on__lte=today)
        .exclude(ends_on__lt=today)
        .select_related("user")
    )


def _item_reminders(today: datetime.date) -> Iterator[ReminderSpec]:
    items = (
        FollowUp.objects.unfinished()
        .select_related("owner", "meeting__committee")
        .filter(due_on__lte=today + datetime.timedelta(days=31))
    )
    contacts = _contacts(items.values_list("owner_id", flat=True))
    for item in items:
        lead = item.meeting.committee.followup_notice_days
        if item.due_on < today:
            kind, subject = Kind.ITEM_OVERDUE, _("Overdue: %(item)s") % {"item": item.title}
        elif today >= item.due_on - datetime.timedelta(days=lead):
            kind, subject = (
                Kind.ITEM_DUE,
                _("Due on %(due)s: %(item)s")
                % {
                    "due": f"{item.due_on:%Y-%m-%d}",
                    "item": item.title,
                },
            )
        else:
            continue
        for user in contacts.get(item.owner_id, []):
            yield ReminderSpec(
                key=f"{kind}:{item.pk}:{item.due_on:%Y%m%d}:{user.pk}",
                kind=kind,
                recipient=user,
                subject=subject,
                body=_("Follow-up item for %(unit)s, due %(due)s: %(item)s")
                % {"unit": item.owner, "due": f"{item.due_on:%Y-%m-%d}", "item": item.title},
                url=reverse("alliance:followup", args=[item.pk]),
            )


def _digest_reminders(today: datetime.date) -> Iterator[ReminderSpec]:
    """Once a week (keyed by ISO week, so a missed Monday goes out on Tuesday)."""
    overdue = list(
        FollowUp.objects.overdue(today).select_related("owner", "meeting__committee__node")
    )
    if not overdue:
        return
    year, week, _weekday = today.isocalendar()
    for user in User.objects.filter(role=Role.STREET_STAFF, is_active=True).select_related(
        "scope_node"
    ):
        street = user.scope_node
        items = [i for i in overdue if street and i.meeting.committee.node.lies_in(street)]
        if not items:
            continue
        lines = "\n".join(f"- {i.title} ({i.owner}, {i.due_on:%Y-%m-%d})" for i in items)
        yield ReminderSpec(
            key=f"{Kind.DIGEST}:{year}-W{week:02d}:{user.pk}",
            kind=Kind.DIGEST,
            recipient=user,
            subject=_("%(n)d follow-up items are overdue") % {"n": len(items)},
            body=lines,
            url=reverse("alliance:followups") + "?overdue=1",
        )


def _minutes_reminders(today: datetime.date, now: datetime.datetime) -> Iterator[ReminderSpec]:
    meetings = (
        Meeting.objects.filter(minutes_published_at=None, ends_at__lt=now)
        .exclude(status=MeetingStatus.CANCELLED)
        .select_related("committee__node")
    )
    late = [
        meeting
        for meeting in meetings
        if today
        >= timezone.localtime(meeting.starts_at).date()
        + datetime.timedelta(days=meeting.committee.minutes_nudge_days)
    ]
    contacts = _contacts(m.convener_id for m in late if m.convener_id)
    roles = (Role.COMMUNITY_SECRETARY, Role.STREET_STAFF)
    scoped = _by_scope(roles, (m.committee.node_id for m in late))
    for meeting in late:
        role = (
            Role.COMMUNITY_SECRETARY
            if meeting.committee.kind == CommitteeKind.PARTY
            else Role.STREET_STAFF
        )
        people = contacts.get(meeting.convener_id, []) + scoped.get(
            (role, meeting.committee.node_id), []
        )
        for user in people:
            yield ReminderSpec(
                key=f"{Kind.MINUTES}:{meeting.pk}:{user.pk}",
                kind=Kind.MINUTES,
                recipient=user,
                subject=_("Minutes not yet published: %(title)s") % {"title": meeting.title},
                body=_("The meeting was held on %(day)s; please publish its minutes.")
                % {"day": f"{timezone.localtime(meeting.starts_at):%Y-%m-%d}"},
                url=reverse("alliance:meeting", args=[meeting.pk]),
            )


def due_reminders(today: datetime.date, now: datetime.datetime | None = None) -> list[ReminderSpec]:
    """Return every reminder due on `today`, sent or not."""
    now = now or timezone.now()
    return [
        *_convener_reminders(today),
        *_meeting_reminders(today, now),
        *_item_reminders(today),
        *_digest_reminders(today),
        *_minutes_reminders(today, now),
    ]


@dataclass
class PassResult:
    due: list[ReminderSpec]
    sent: list[ReminderSpec]


def reminders_run(
    *,
    today: datetime.date | None = None,
    now: datetime.datetime | None = None,
    dry_run: bool = False,
) -> PassResult:
    """Send every due reminder not sent before; with `dry_run`, only say what would go.

    The pass runs as of `now` (default: the present); a `today` alone means its first minute.
    """
    if now is None:
        now = (
            timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
            if today
            else timezone.now()
        )
    today = timezone.localdate(now)
    due = due_reminders(today, now)
    if dry_run:
        return PassResult(due=due, sent=pending_specs(due))
    return PassResult(due=due, sent=reminders_send(due))
