"""Committees, the rotating secretary, joint meetings and what comes out of them."""

from __future__ import annotations

import calendar
import datetime
import secrets

from auditlog.registry import auditlog
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common.uploads import PolicyFileField
from grids.models import Node, NodeKind
from organizations.models import Unit

User = settings.AUTH_USER_MODEL


class NoticeKind(models.TextChoices):
    """What a notification or reminder from the alliance is about (its `kind`, which sorts the
    ledger and the keys; never shown, so the labels are not translated)."""

    CONVENER = "convener"
    MEETING = "meeting"
    ITEM_DUE = "item_due"
    ITEM_OVERDUE = "item_overdue"
    DIGEST = "overdue_digest"
    MINUTES = "minutes_nudge"
    MEETING_SCHEDULED = "meeting_scheduled"
    MEETING_MOVED = "meeting_moved"
    FOLLOWUP_ASSIGNED = "followup_assigned"
    FOLLOWUP_ESCALATED = "followup_escalated"
    FOLLOWUP_REPORTED = "followup_reported"
    FOLLOWUP_RETURNED = "followup_returned"
    STREET_DECISION = "street_decision"
    DISTRICT_REPORT = "district_report"
    DISTRICT_DECISION = "district_decision"


class CommitteeKind(models.TextChoices):
    WORKING = "working", _("Big working committee (大工委)")
    PARTY = "party", _("Big party committee (大党委)")


class Cadence(models.TextChoices):
    """How often a committee's joint meeting is due: Zhangwan's and Sancha's every month,
    Daixi's city communities' every quarter (in its last month)."""

    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")


# The months a committee of each cadence meets, is convened by a rotating secretary and is graded.
CADENCE_MONTHS = {
    Cadence.MONTHLY: tuple(range(1, 13)),
    Cadence.QUARTERLY: (3, 6, 9, 12),
}


COMMITTEE_NODE_KIND = {
    CommitteeKind.WORKING: NodeKind.STREET,
    CommitteeKind.PARTY: NodeKind.COMMUNITY,
}


class Committee(models.Model):
    """The street's big working committee or a community's big party committee."""

    node = models.ForeignKey(
        Node,
        on_delete=models.PROTECT,
        related_name="committees",
        verbose_name=_("street or community"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=CommitteeKind.choices)
    name = models.CharField(_("name"), max_length=120)
    cadence = models.CharField(
        _("meets"),
        max_length=10,
        choices=Cadence.choices,
        default=Cadence.MONTHLY,
        help_text=_(
            "A quarterly committee meets, takes a rotating secretary and is graded in March, "
            "June, September and December, for the whole quarter."
        ),
    )
    convener_notice_days = models.PositiveSmallIntegerField(
        _("tell the convener (days before the month)"), default=10
    )
    member_notice_days = models.PositiveSmallIntegerField(
        _("first notice to members (days before)"), default=3
    )
    member_last_notice_days = models.PositiveSmallIntegerField(
        _("last notice to members (days before)"), default=1
    )
    followup_notice_days = models.PositiveSmallIntegerField(
        _("remind item owners (days before due)"), default=3
    )
    minutes_nudge_days = models.PositiveSmallIntegerField(
        _("nudge for minutes (days after the meeting)"), default=3
    )

    class Meta:
        verbose_name = _("committee")
        verbose_name_plural = _("committees")
        ordering = ["node__tree_id", "node__lft"]
        constraints = [
            models.UniqueConstraint(
                fields=["node", "kind"], name="alliance_one_committee_per_node"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        wanted = COMMITTEE_NODE_KIND.get(self.kind)
        if wanted and self.node_id and self.node.kind != wanted:
            raise ValidationError(
                {
                    "node": _("A big working committee belongs to a street.")
                    if self.kind == CommitteeKind.WORKING
                    else _("A big party committee belongs to a community.")
                }
            )

    @property
    def has_rota(self) -> bool:
        return self.kind == CommitteeKind.PARTY

    @property
    def is_quarterly(self) -> bool:
        return self.cadence == Cadence.QUARTERLY

    @property
    def meeting_months(self) -> tuple[int, ...]:
        """The months of the year the committee's joint meeting is due."""
        return CADENCE_MONTHS[Cadence(self.cadence)]

    def meets_in(self, month: datetime.date) -> bool:
        """Whether a joint meeting is due in the month of `month`."""
        return month.month in self.meeting_months

    def period_of(self, month: datetime.date) -> tuple[datetime.date, datetime.date]:
        """The first and last day a meeting month answers for: the month itself, or for a
        quarterly committee the quarter that month closes."""
        months = 1 if self.cadence == Cadence.MONTHLY else 3
        last = month.replace(day=calendar.monthrange(month.year, month.month)[1])
        return datetime.date(month.year, max(1, month.month - months + 1), 1), last


class CommitteeTerm(models.Model):
    """A term (届次) of a committee."""

    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="terms", verbose_name=_("committee")
    )
    number = models.PositiveSmallIntegerField(_("term number"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)

    class Meta:
        verbose_name = _("committee term")
        verbose_name_plural = _("committee terms")
        ordering = ["committee", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "number"], name="alliance_term_number"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gt=models.F("starts_on")),
                name="alliance_term_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return _("Term %(n)s") % {"n": self.number}

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on <= self.starts_on:
            raise ValidationError({"ends_on": _("A term ends after it starts.")})


class Position(models.TextChoices):
    SECRETARY = "secretary", _("Secretary")
    DEPUTY_SECRETARY = "deputy_secretary", _("Deputy secretary")
    CONCURRENT_MEMBER = "concurrent_member", _("Concurrent member (兼职委员)")
    MEMBER = "member", _("Member")


class CommitteeMember(models.Model):
    """A person on a committee, from a unit, for a period."""

    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="members", verbose_name=_("committee")
    )
    term = models.ForeignKey(
        CommitteeTerm,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("term"),
    )
    name = models.CharField(_("name"), max_length=50)
    user = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="committee_seats",
        verbose_name=_("account"),
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="committee_seats",
        verbose_name=_("member unit"),
    )
    position = models.CharField(_("position"), max_length=20, choices=Position.choices)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        ordering = ["committee", "position", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_position_display()})"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("A seat ends on or after the day it starts.")
        if self.term_id and self.committee_id:
            term = self.term
            if term.committee_id != self.committee_id:
                errors["term"] = _("This term is another committee's.")
            elif self.starts_on and (
                self.starts_on < term.starts_on or (term.ends_on and self.starts_on > term.ends_on)
            ):
                errors["starts_on"] = _("A seat starts within its term.")
        if self.unit_id and self.committee_id:
            place = self.committee.node
            if not place.is_ancestor_of(self.unit.community, include_self=True):
                errors["unit"] = _("This unit is not stationed where the committee sits.")
        if errors:
            raise ValidationError(errors)


class RotaSlot(models.Model):
    """The unit that serves as rotating secretary (轮值书记) of a committee for one month."""

    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="rota", verbose_name=_("committee")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"))
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="rota_slots", verbose_name=_("member unit")
    )

    class Meta:
        verbose_name = _("rota month")
        verbose_name_plural = _("rota")
        ordering = ["committee", "year", "month"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "year", "month"], name="alliance_one_convener_a_month"
            ),
            models.CheckConstraint(
                condition=Q(month__gte=1) & Q(month__lte=12), name="alliance_rota_month_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}-{self.month:02d} {self.unit}"

    @property
    def first_day(self) -> datetime.date:
        return datetime.date(self.year, self.month, 1)


class RotaAction(models.TextChoices):
    GENERATE = "generate", _("Generated")
    SWAP = "swap", _("Swapped")
    SKIP = "skip", _("Skipped")


class RotaChange(models.Model):
    """History of the rota: every generation, swap and skip, who did it and why."""

    committee = models.ForeignKey(
        Committee,
        on_delete=models.CASCADE,
        related_name="rota_changes",
        verbose_name=_("committee"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"), null=True, blank=True)
    other_month = models.PositiveSmallIntegerField(_("other month"), null=True, blank=True)
    action = models.CharField(_("action"), max_length=10, choices=RotaAction.choices)
    unit = models.ForeignKey(
        Unit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("member unit"),
    )
    reason = models.TextField(_("reason"), blank=True)
    changed_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        verbose_name = _("rota change")
        verbose_name_plural = _("rota changes")
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.year}"


class MeetingKind(models.TextChoices):
    """The monthly joint meeting and the regular meetings Quyang names (工作协同会, 发展协商会,
    矛盾协调会 and the community's 大党课); 三会一课 is the four together, not one of them."""

    JOINT = "joint", _("Monthly joint meeting (联席会议)")
    WORK_COORDINATION = "work_coordination", _("Work coordination meeting")
    DEVELOPMENT = "development", _("Development consultation meeting")
    CONFLICT = "conflict", _("Conflict coordination meeting")
    PARTY_LECTURE = "party_lecture", _("Community Party lecture")


class PlaceKind(models.TextChoices):
    ROOM = "room", _("Meeting room")
    SITE = "site", _("On site")


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


def new_checkin_token() -> str:
    return secrets.token_urlsafe(16)


class MeetingQuerySet(models.QuerySet):
    def upcoming(self, now: datetime.datetime) -> MeetingQuerySet:
        """Return the scheduled meetings that have not started yet."""
        return self.filter(status=MeetingStatus.SCHEDULED, starts_at__gt=now)

    def in_month(self, year: int, month: int) -> MeetingQuerySet:
        """Return the meetings that start in the given month (local time)."""
        return self.filter(starts_at__year=year, starts_at__month=month)


class Meeting(models.Model):
    """A meeting of a committee: monthly joint meeting or one of the regular kinds."""

    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("committee")
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=MeetingKind.choices, default=MeetingKind.JOINT
    )
    title = models.CharField(_("title"), max_length=150)
    convener = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="convened_meetings",
        verbose_name=_("convening unit"),
        help_text=_("The month's rotating secretary; empty for street committee meetings."),
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place_kind = models.CharField(
        _("place"), max_length=10, choices=PlaceKind.choices, default=PlaceKind.ROOM
    )
    place = models.CharField(_("room or site"), max_length=120)
    address = models.CharField(_("address"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )
    minutes = models.TextField(_("minutes"), blank=True)
    minutes_published_at = models.DateTimeField(_("minutes published at"), null=True, blank=True)
    residents_present = models.PositiveSmallIntegerField(
        _("residents' representatives present"), null=True, blank=True
    )
    checkin_token = models.CharField(
        max_length=40,
        unique=True,
        default=new_checkin_token,
        editable=False,
        verbose_name=_("check-in token"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["-starts_at", "-id"], name="alliance_meeting_recent")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="alliance_meeting_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("A meeting ends after it starts.")})
        if self.place_kind == PlaceKind.SITE and not self.address:
            raise ValidationError({"address": _("Give the address of an on-site meeting.")})

    @property
    def is_scheduled(self) -> bool:
        """Return whether the meeting is still to be held (not held, not cancelled)."""
        return self.status == MeetingStatus.SCHEDULED

    @property
    def local_start(self) -> datetime.datetime:
        return timezone.localtime(self.starts_at)


class TopicSource(models.TextChoices):
    MEMBER = "member", _("Proposed by a member")
    RESIDENT = "resident", _("Residents' problem")
    CARRIED = "carried", _("Open follow-up item carried over")
    ESCALATED = "escalated", _("Escalated from a community")


class MeetingPhoto(models.Model):
    """A photo of a held meeting or of its site visit, for its closing report (the ledger
    prints it); served only to those who see the meeting."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="photos", verbose_name=_("meeting")
    )
    photo = PolicyFileField(
        _("photo"), policy="meeting_photo", folder="meetings", download="alliance:meeting-photo"
    )
    caption = models.CharField(_("caption"), max_length=120, blank=True)
    added_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("added by"),
    )
    added_at = models.DateTimeField(_("added at"), default=timezone.now)

    class Meta:
        verbose_name = _("meeting photo")
        verbose_name_plural = _("meeting photos")
        ordering = ["meeting", "added_at", "pk"]

    def __str__(self) -> str:
        return self.caption or f"#{self.pk}"


class AgendaTopic(models.Model):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="topics", verbose_name=_("meeting")
    )
    title = models.CharField(_("topic"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    source = models.CharField(
        _("source"), max_length=10, choices=TopicSource.choices, default=TopicSource.MEMBER
    )
    proposed_by = models.ForeignKey(
        Unit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    followup = models.ForeignKey(
        "FollowUp",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="agenda_topics",
        verbose_name=_("follow-up item"),
    )
    # The residents' need the topic came from (the demand list records whether it was heard
    # as a request, a wish, on a visit or in a survey); read through pledges.selectors.
    need = models.ForeignKey(
        "pledges.Need",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_topics",
        verbose_name=_("residents' need"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("agenda topic")
        verbose_name_plural = _("agenda topics")
        ordering = ["meeting", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "followup"],
                condition=Q(followup__isnull=False),
                name="alliance_item_once_per_agenda",
            )
        ]

    def __str__(self) -> str:
        return self.title


class AttendanceStatus(models.TextChoices):
    EXPECTED = "expected", _("Expected")
    PRESENT = "present", _("Present")
    SUBSTITUTE = "substitute", _("Substitute sent")
    LEAVE = "leave", _("On leave")
    ABSENT = "absent", _("Absent")


class Attendance(models.Model):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("meeting")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="attendance", verbose_name=_("member unit")
    )
    status = models.CharField(
        _("attendance"),
        max_length=10,
        choices=AttendanceStatus.choices,
        default=AttendanceStatus.EXPECTED,
    )
    substitute_name = models.CharField(_("substitute"), max_length=50, blank=True)
    absence_reason = models.CharField(_("reason for absence"), max_length=200, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["meeting", "unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "unit"], name="alliance_attendance_once"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.get_status_display()}"

    def clean(self) -> None:
        if self.status == AttendanceStatus.SUBSTITUTE and not self.substitute_name:
            raise ValidationError({"substitute_name": _("Name the substitute.")})
        if self.status == AttendanceStatus.LEAVE and not self.absence_reason.strip():
            raise ValidationError({"absence_reason": _("Give the reason for the leave.")})


class Resolution(models.Model):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="resolutions", verbose_name=_("meeting")
    )
    text = models.TextField(_("resolution"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")
        ordering = ["meeting", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class FollowUpStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    # The owner unit says it is done and gives its evidence; the secretary accepts or returns it.
    REPORTED = "reported", _("Reported done, awaiting review")
    DONE = "done", _("Done")


class SlaLight(models.TextChoices):
    GREEN = "green", _("On time")
    YELLOW = "yellow", _("Due soon")
    RED = "red", _("Overdue")
    DONE = "done", _("Closed")


class FollowUpQuerySet(models.QuerySet):
    def unfinished(self) -> FollowUpQuerySet:
        """Return the items not done yet."""
        return self.exclude(status=FollowUpStatus.DONE)

    def overdue(self, today: datetime.date) -> FollowUpQuerySet:
        """Return the unfinished items whose due date has passed."""
        return self.unfinished().filter(due_on__lt=today)


class FollowUp(models.Model):
    """A follow-up item (督办事项) from a meeting's resolution, owned by a unit."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="followups", verbose_name=_("meeting")
    )
    resolution = models.ForeignKey(
        Resolution,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="followups",
        verbose_name=_("resolution"),
    )
    title = models.CharField(_("item"), max_length=200)
    owner = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="followups", verbose_name=_("owner unit")
    )
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=12, choices=FollowUpStatus.choices, default=FollowUpStatus.OPEN
    )
    evidence_text = models.TextField(_("evidence"), blank=True)
    evidence_file = PolicyFileField(
        _("evidence file"),
        policy="evidence",
        folder="evidence",
        blank=True,
        download="alliance:followup-evidence",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    reported_at = models.DateTimeField(
        _("reported done at"),
        null=True,
        blank=True,
        help_text=_("When the owner unit reported the item done; on time is judged by it."),
    )
    review_note = models.TextField(
        _("review note"), blank=True, help_text=_("Why the report was sent back, or a remark.")
    )
    reviewed_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        verbose_name = _("follow-up item")
        verbose_name_plural = _("follow-up items")
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["due_on", "id"], name="alliance_followup_due")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_reported(self) -> bool:
        """Return whether the owner has reported the item done and it awaits review."""
        return self.status == FollowUpStatus.REPORTED

    @property
    def is_done(self) -> bool:
        """Return whether the item is closed (accepted, or closed by the street's decision)."""
        return self.status == FollowUpStatus.DONE

    def sla_light(self, today: datetime.date | None = None) -> str:
        """Return green under 80% of the time used, yellow from 80% to the due date, red after."""
        if self.status == FollowUpStatus.DONE:
            return SlaLight.DONE
        today = today or timezone.localdate()
        if today > self.due_on:
            return SlaLight.RED
        start = timezone.localtime(self.created_at).date()
        total = (self.due_on - start).days
        used = (today - start).days
        if total <= 0 or used >= 0.8 * total:
            return SlaLight.YELLOW
        return SlaLight.GREEN


class Decided(models.Model):
    """What an item sent up keeps of the decision on it, the street's or the district's: who
    decided and when; open until then."""

    decided_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_open(self) -> bool:
        return self.decided_at is None


class Escalation(Decided):
    """An item the community committee could not settle, sent up to the street committee."""

    followup = models.OneToOneField(
        FollowUp,
        on_delete=models.CASCADE,
        related_name="escalation",
        verbose_name=_("follow-up item"),
    )
    street_committee = models.ForeignKey(
        Committee,
        on_delete=models.PROTECT,
        related_name="escalations",
        verbose_name=_("street committee"),
    )
    reason = models.TextField(_("reason"))
    raised_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("raised by"),
    )
    raised_at = models.DateTimeField(_("raised at"), default=timezone.now)
    street_meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="escalations",
        verbose_name=_("street meeting"),
    )
    decision = models.TextField(_("street decision"), blank=True)

    class Meta:
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")
        ordering = ["-raised_at"]

    def __str__(self) -> str:
        return str(self.followup)


class DistrictReport(Decided):
    """An item the street cannot settle, reported up to the district (向上级党委汇报): the
    street's own items and those a community escalated to it. The district's decision flows
    back to the item as the street's does."""

    followup = models.OneToOneField(
        FollowUp,
        on_delete=models.CASCADE,
        related_name="district_report",
        verbose_name=_("follow-up item"),
    )
    district = models.ForeignKey(
        Node,
        on_delete=models.PROTECT,
        related_name="district_reports",
        limit_choices_to={"kind": NodeKind.DISTRICT},
        verbose_name=_("district"),
    )
    street = models.ForeignKey(
        Node,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": NodeKind.STREET},
        verbose_name=_("street"),
    )
    reason = models.TextField(_("why the street cannot settle it"))
    raised_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reported by"),
    )
    raised_at = models.DateTimeField(_("reported at"), default=timezone.now)
    decision = models.TextField(_("district decision"), blank=True)

    class Meta:
        verbose_name = _("report to the district")
        verbose_name_plural = _("reports to the district")
        ordering = ["-raised_at"]

    def __str__(self) -> str:
        return str(self.followup)


class Grade(models.TextChoices):
    """The four grades (等次) of the monthly evaluation: 好, 较好, 一般, 较差."""

    EXCELLENT = "excellent", pgettext_lazy("grade", "Good")
    GOOD = "good", pgettext_lazy("grade", "Fairly good")
    FAIR = "fair", pgettext_lazy("grade", "Fair")
    POOR = "poor", pgettext_lazy("grade", "Poor")


class Evaluation(models.Model):
    """A month's grade (等次) for one follow-up item or one unit's co-building."""

    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="evaluations", verbose_name=_("committee")
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month graded."))
    followup = models.ForeignKey(
        FollowUp,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="evaluations",
        verbose_name=_("follow-up item"),
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="evaluations",
        verbose_name=_("member unit"),
    )
    suggested_grade = models.CharField(_("suggested grade"), max_length=10, choices=Grade.choices)
    grade = models.CharField(_("grade"), max_length=10, choices=Grade.choices)
    feedback = models.TextField(_("feedback"), blank=True)
    graded_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("graded by"),
    )
    graded_at = models.DateTimeField(_("graded at"), default=timezone.now)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["-month", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(followup__isnull=False) & Q(unit__isnull=True))
                | (Q(followup__isnull=True) & Q(unit__isnull=False)),
                name="alliance_evaluation_grades_one_thing",
            ),
            models.UniqueConstraint(
                fields=["month", "followup"],
                condition=Q(followup__isnull=False),
                name="alliance_item_graded_once",
            ),
            models.UniqueConstraint(
                fields=["committee", "month", "unit"],
                condition=Q(unit__isnull=False),
                name="alliance_unit_graded_once",
            ),
            models.CheckConstraint(
                condition=Q(month__day=1), name="alliance_evaluation_month_first_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.unit or self.followup} {self.get_grade_display()}"


# Every change to the record of a meeting, its resolutions and items, and the grades is kept
# (who, when, what changed) and shown in the admin.
auditlog.register(
    Meeting,
    include_fields=["title", "starts_at", "ends_at", "place", "status", "minutes", "convener"],
)
auditlog.register(Resolution)
auditlog.register(FollowUp, exclude_fields=["created_at"])
auditlog.register(Escalation)
auditlog.register(DistrictReport)
auditlog.register(Evaluation)
auditlog.register(CommitteeMember)
