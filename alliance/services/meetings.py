"""Scheduling and holding meetings: agenda, attendance, check-in, minutes, resolutions."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from common.uploads import upload_check
from notifications.services import ReminderSpec, notify, reminders_send
from organizations.models import Unit
from pledges.selectors import needs_for_topics

from ..models import (
    AgendaTopic,
    Attendance,
    AttendanceStatus,
    Committee,
    CommitteeKind,
    Escalation,
    FollowUp,
    Meeting,
    MeetingKind,
    MeetingPhoto,
    MeetingStatus,
    NoticeKind,
    PlaceKind,
    Resolution,
    TopicSource,
)
from ..reminders import _contacts, _meeting_recipients

if TYPE_CHECKING:
    from accounts.models import User
from .rota import rota_convener

# A delegate may check in from an hour before the start until the meeting ends.
CHECKIN_OPENS_BEFORE = datetime.timedelta(hours=1)


def expected_units(committee: Committee, day: datetime.date) -> list[Unit]:
    """Return the units expected at a committee's meeting on `day`."""
    if committee.kind == CommitteeKind.PARTY:
        return list(
            Unit.objects.filter(community_id=committee.node_id).active_on(day).in_rota_order()
        )
    seats = committee.members.filter(unit__isnull=False, starts_on__lte=day).exclude(
        ends_on__lt=day
    )
    return list(Unit.objects.filter(pk__in=seats.values("unit_id")).active_on(day).order_by("name"))


@transaction.atomic
def meeting_schedule(
    *,
    committee: Committee,
    title: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    place: str,
    kind: str = MeetingKind.JOINT,
    place_kind: str = PlaceKind.ROOM,
    address: str = "",
    convener: Unit | None = None,
) -> Meeting:
    """Schedule a meeting: the month's rotating secretary convenes, member units are expected,
    and open items (and, for the street committee, escalations) go on the agenda."""
    day = timezone.localtime(starts_at).date()
    if convener is None and committee.has_rota:
        convener = rota_convener(committee, day)
    meeting = Meeting(
        committee=committee,
        kind=kind,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        place_kind=place_kind,
        place=place,
        address=address,
        convener=convener,
    )
    meeting.full_clean()
    meeting.save()
    units = expected_units(committee, day)
    Attendance.objects.bulk_create([Attendance(meeting=meeting, unit=unit) for unit in units])
    agenda_carry_over(meeting=meeting)
    if meeting.starts_at > timezone.now():  # one entered after the fact is news to nobody
        _tell_scheduled(meeting, [unit.pk for unit in units])
    return meeting


def _tell_scheduled(meeting: Meeting, unit_ids: list[int]) -> None:
    """Tell the contacts of the expected units and of the rotating secretary (after commit)."""
    if meeting.convener_id:
        unit_ids = [*unit_ids, meeting.convener_id]
    contacts = _contacts(unit_ids)
    when = f"{timezone.localtime(meeting.starts_at):%Y-%m-%d %H:%M}"
    notify(
        recipients=[user for people in contacts.values() for user in people],
        subject=_("Meeting scheduled on %(when)s: %(title)s")
        % {"when": when, "title": meeting.title},
        body=_(
            "%(title)s meets %(when)s, at %(place)s %(address)s. "
            "Please confirm your unit's attendance."
        )
        % {
            "title": meeting.title,
            "when": when,
            "place": meeting.place,
            "address": meeting.address,
        },
        url=reverse("alliance:meeting", args=[meeting.pk]),
        kind=NoticeKind.MEETING_SCHEDULED,
    )


def agenda_carry_over(*, meeting: Meeting) -> int:
    """Put the committee's unfinished items from earlier meetings on `meeting`'s agenda.

    For the street committee, open escalations not yet on a street agenda go on it too.
    Running it again adds nothing twice. Return how many topics were added.
    """
    added = 0
    carried = (
        FollowUp.objects.unfinished()
        .filter(meeting__committee=meeting.committee, meeting__starts_at__lt=meeting.starts_at)
        .exclude(agenda_topics__meeting=meeting)
    )
    for item in carried.select_related("owner"):
        added += _add_topic(meeting, item, TopicSource.CARRIED)
    if meeting.committee.kind == CommitteeKind.WORKING:
        waiting = Escalation.objects.filter(
            street_committee=meeting.committee, decided_at=None, street_meeting=None
        ).select_related("followup")
        for escalation in waiting:
            added += _add_topic(meeting, escalation.followup, TopicSource.ESCALATED)
            escalation.street_meeting = meeting
            escalation.save(update_fields=["street_meeting"])
    return added


def _add_topic(meeting: Meeting, item: FollowUp, source: str) -> int:
    try:
        with transaction.atomic():
            AgendaTopic.objects.create(
                meeting=meeting, title=item.title, source=source, followup=item
            )
    except IntegrityError:
        return 0
    return 1


@transaction.atomic
def meeting_reschedule(
    *,
    meeting: Meeting,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    place: str | None = None,
) -> Meeting:
    """Move a scheduled meeting and tell everyone expected at it (once per new time).

    Reminders are keyed on the start, so none goes out for the old time."""
    if meeting.status != MeetingStatus.SCHEDULED:
        raise ValidationError(_("Only a scheduled meeting can be moved."))
    moved = starts_at != meeting.starts_at or (place is not None and place != meeting.place)
    meeting.starts_at, meeting.ends_at = starts_at, ends_at
    fields = ["starts_at", "ends_at"]
    if place is not None:
        meeting.place = place
        fields.append("place")
    meeting.full_clean()
    meeting.save(update_fields=fields)
    if moved:
        transaction.on_commit(lambda: _tell_moved(meeting.pk))
    return meeting


def _tell_moved(meeting_id: int) -> None:
    """Tell the contacts of the expected units and the committee's members the new time."""
    meeting = (
        Meeting.objects.select_related("committee")
        .prefetch_related("attendance", "committee__members__user")
        .get(pk=meeting_id)
    )
    start = timezone.localtime(meeting.starts_at)
    when = f"{start:%Y-%m-%d %H:%M}"
    contacts = _contacts(
        [row.unit_id for row in meeting.attendance.all()] + [meeting.convener_id or 0]
    )
    reminders_send(
        [
            ReminderSpec(
                key=f"moved:{meeting.pk}:{meeting.starts_at:%Y%m%dT%H%M}:{user.pk}",
                kind=NoticeKind.MEETING_MOVED,
                recipient=user,
                subject=_("Meeting moved to %(when)s: %(title)s")
                % {"when": when, "title": meeting.title},
                body=_("%(title)s now meets %(when)s, at %(place)s %(address)s.")
                % {
                    "title": meeting.title,
                    "when": when,
                    "place": meeting.place,
                    "address": meeting.address,
                },
                url=reverse("alliance:meeting", args=[meeting.pk]),
            )
            for user in _meeting_recipients(meeting, contacts)
        ]
    )


@transaction.atomic
def topic_propose(
    *,
    meeting: Meeting,
    title: str,
    description: str = "",
    unit: Unit | None = None,
    source: str = TopicSource.MEMBER,
    need_id: int | None = None,
) -> AgendaTopic:
    """Add a member's topic or a residents' problem to a meeting's agenda; a problem from the
    demand list names its need (of the committee's place), which the closing report links."""
    if meeting.status != MeetingStatus.SCHEDULED:
        raise ValidationError(_("Topics can only be added before the meeting is held."))
    if need_id is not None:
        if need_id not in {n.pk for n in needs_for_topics(meeting.committee.node)}:
            raise ValidationError({"need": _("Choose a need of this committee's place.")})
        source = TopicSource.RESIDENT
    topic = AgendaTopic(
        meeting=meeting,
        title=title,
        description=description,
        proposed_by=unit,
        source=source,
        need_id=need_id,
    )
    topic.full_clean()
    topic.save()
    return topic


@transaction.atomic
def attendance_record(
    *,
    meeting: Meeting,
    unit: Unit,
    status: str,
    substitute_name: str = "",
    absence_reason: str = "",
) -> Attendance:
    """Record how a unit attended."""
    row, _created = Attendance.objects.get_or_create(meeting=meeting, unit=unit)
    row.status, row.substitute_name, row.absence_reason = status, substitute_name, absence_reason
    row.full_clean()
    row.save(update_fields=["status", "substitute_name", "absence_reason"])
    return row


@dataclass(frozen=True)
class AttendanceEntry:
    """One unit's line of a meeting's attendance sheet."""

    status: str
    substitute_name: str = ""
    absence_reason: str = ""


@transaction.atomic
def attendance_record_all(
    *, meeting: Meeting, entries: Mapping[int, AttendanceEntry]
) -> list[Attendance]:
    """Record the whole attendance sheet of a meeting in one go (unit id → its line).

    All or nothing: a refused line leaves every row as it was, and the error names each line
    by `unit-<id>`. A unit checked in by the QR code stays present unless the sheet says
    otherwise on purpose. Only units on the meeting's list (or expected on its day) are taken."""
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("This meeting was cancelled."))
    if meeting.starts_at - CHECKIN_OPENS_BEFORE > timezone.now():
        raise ValidationError(_("Attendance is recorded from an hour before the meeting."))
    rows = {row.unit_id: row for row in meeting.attendance.select_for_update()}
    missing = set(entries) - set(rows)
    if missing:
        day = timezone.localtime(meeting.starts_at).date()
        allowed = {unit.pk for unit in expected_units(meeting.committee, day)}
        if missing - allowed:
            raise ValidationError(_("Only units expected at this meeting are recorded."))
        for unit_id in missing:
            rows[unit_id] = Attendance.objects.create(meeting=meeting, unit_id=unit_id)
    errors, changed = {}, []
    for unit_id, entry in entries.items():
        row = rows[unit_id]
        new = (entry.status, entry.substitute_name.strip(), entry.absence_reason.strip())
        if new == (row.status, row.substitute_name, row.absence_reason):
            continue
        row.status, row.substitute_name, row.absence_reason = new
        try:
            row.full_clean(exclude=["meeting", "unit"], validate_constraints=False)
        except ValidationError as exc:
            errors[f"unit-{unit_id}"] = exc.messages
            continue
        changed.append(row)
    if errors:
        raise ValidationError(errors)
    Attendance.objects.bulk_update(changed, ["status", "substitute_name", "absence_reason"])
    return changed


@transaction.atomic
def attendance_substitute(*, meeting: Meeting, unit: Unit, substitute_name: str) -> Attendance:
    """A unit that cannot send its usual delegate names who comes instead (before the end)."""
    if meeting.status == MeetingStatus.CANCELLED or meeting.ends_at <= timezone.now():
        raise ValidationError(_("This meeting is over or called off: nobody can be sent now."))
    if not unit_expected(meeting=meeting, unit=unit):
        raise ValidationError(_("Your unit is not expected at this meeting."))
    return attendance_record(
        meeting=meeting,
        unit=unit,
        status=AttendanceStatus.SUBSTITUTE,
        substitute_name=substitute_name.strip(),
    )


@transaction.atomic
def attendance_confirm(*, meeting: Meeting, unit: Unit) -> Attendance:
    """A unit says it will come."""
    row, _created = Attendance.objects.get_or_create(meeting=meeting, unit=unit)
    row.confirmed_at = timezone.now()
    row.save(update_fields=["confirmed_at"])
    return row


def unit_expected(*, meeting: Meeting, unit: Unit) -> bool:
    """Return whether `unit` is expected at `meeting`: on its attendance list, or a member of
    its committee on the day (a unit that joined after the meeting was scheduled)."""
    if meeting.attendance.filter(unit=unit).exists():
        return True
    day = timezone.localtime(meeting.starts_at).date()
    return unit in expected_units(meeting.committee, day)


@transaction.atomic
def attendance_check_in(
    *, meeting: Meeting, unit: Unit, now: datetime.datetime | None = None
) -> Attendance:
    """Mark the unit present from its delegate's phone (the meeting's QR link).

    The link is shared in a room and may be forwarded; it checks in only a unit expected at
    this meeting, never a unit of another community or committee."""
    now = now or timezone.now()
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("This meeting was cancelled."))
    if not (meeting.starts_at - CHECKIN_OPENS_BEFORE <= now <= meeting.ends_at):
        raise ValidationError(
            _("Check-in opens an hour before the meeting and closes when it ends.")
        )
    if not unit_expected(meeting=meeting, unit=unit):
        raise ValidationError(_("%(unit)s is not expected at this meeting.") % {"unit": unit})
    row, _created = Attendance.objects.get_or_create(meeting=meeting, unit=unit)
    row.status, row.checked_in_at = AttendanceStatus.PRESENT, now
    row.save(update_fields=["status", "checked_in_at"])
    return row


@transaction.atomic
def resolution_add(*, meeting: Meeting, text: str) -> Resolution:
    """Record a resolution of the meeting."""
    resolution = Resolution(meeting=meeting, text=text)
    resolution.full_clean()
    resolution.save()
    return resolution


@transaction.atomic
def minutes_publish(*, meeting: Meeting, minutes: str) -> Meeting:
    """Publish the minutes; the meeting counts as held from now on."""
    if not minutes.strip():
        raise ValidationError({"minutes": _("Write the minutes before publishing them.")})
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("This meeting was cancelled."))
    if meeting.starts_at > timezone.now():
        raise ValidationError(
            _("The meeting has not begun yet: its minutes can be published from %(when)s.")
            % {"when": f"{timezone.localtime(meeting.starts_at):%Y-%m-%d %H:%M}"}
        )
    meeting.minutes = minutes
    meeting.status = MeetingStatus.HELD
    meeting.minutes_published_at = timezone.now()
    meeting.save(update_fields=["minutes", "status", "minutes_published_at"])
    return meeting


def _require_held(meeting: Meeting) -> None:
    if meeting.status != MeetingStatus.HELD:
        raise ValidationError(_("The closing report follows the minutes: publish them first."))


@transaction.atomic
def meeting_report(*, meeting: Meeting, residents_present: int) -> Meeting:
    """The closing report's count of residents' representatives present (the sign-in sheet is
    the attendance as recorded, the topics the agenda with their sources)."""
    _require_held(meeting)
    if residents_present < 0:
        raise ValidationError({"residents_present": _("Give a number of people, 0 or more.")})
    meeting.residents_present = residents_present
    meeting.save(update_fields=["residents_present"])
    return meeting


@transaction.atomic
def meeting_photo_add(
    *, meeting: Meeting, photo: Any, caption: str = "", by: User | None = None
) -> MeetingPhoto:
    """A photo of the held meeting or its site visit, checked by the one upload policy."""
    _require_held(meeting)
    try:
        upload_check(photo, "meeting_photo")
    except ValidationError as exc:
        raise ValidationError({"photo": exc.error_list}) from exc
    return MeetingPhoto.objects.create(
        meeting=meeting, photo=photo, caption=caption.strip(), added_by=by
    )
