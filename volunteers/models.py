"""Volunteers and teams, activities and service posts, check-ins, the points ledger (爱心加油站)
and dual report (双报到) of units and in-service party members."""

from __future__ import annotations

from decimal import Decimal

from auditlog.registry import auditlog
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import assisted_by_field
from common.masking import public_name
from grids.models import Node, NodeKind, no_markup_validator, phone_validator
from organizations.models import Unit

User = settings.AUTH_USER_MODEL


class NoticeKind(models.TextChoices):
    """What a notification about volunteering is about (its `kind`; never shown, so the labels
    are not translated)."""

    HOURS_CONFIRMED = "hours_confirmed"
    HOURS_REJECTED = "hours_rejected"


class VolunteerStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting approval")
    ACTIVE = "active", _("Active")
    REJECTED = "rejected", _("Not approved")
    LEFT = "left", _("Left")


class Volunteer(models.Model):
    """A registered volunteer (志愿者); party members say so and where their party ties are."""

    user = models.OneToOneField(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="volunteer",
        verbose_name=_("account"),
    )
    name = models.CharField(_("name"), max_length=30, validators=[no_markup_validator])
    phone = models.CharField(_("phone"), max_length=20, validators=[phone_validator], unique=True)
    community = models.ForeignKey(
        Node,
        on_delete=models.PROTECT,
        related_name="volunteers",
        limit_choices_to={"kind": NodeKind.COMMUNITY},
        verbose_name=_("community of residence"),
    )
    skills = models.CharField(
        _("skills"), max_length=200, blank=True, validators=[no_markup_validator]
    )
    availability = models.CharField(
        _("availability"), max_length=100, blank=True, validators=[no_markup_validator]
    )
    is_party_member = models.BooleanField(_("party member"), default=False)
    work_unit = models.ForeignKey(
        Unit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="member_volunteers",
        verbose_name=_("work unit"),
        help_text=_("For in-service party members: the unit they work in."),
    )
    party_organization = models.CharField(
        _("party organisation"), max_length=120, blank=True, validators=[no_markup_validator]
    )
    consent_at = models.DateTimeField(_("consent given at"))
    show_publicly = models.BooleanField(
        _("name shown publicly"),
        default=False,
        help_text=_(
            "Only with the volunteer's consent: otherwise leaderboards and other public pages "
            "show the name masked (张*)."
        ),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=VolunteerStatus.choices, default=VolunteerStatus.PENDING
    )
    assisted_by = assisted_by_field()
    approved_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    registered_at = models.DateTimeField(_("registered at"), default=timezone.now)

    class Meta:
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        ordering = ["community__lft", "name", "pk"]
        indexes = [
            models.Index(fields=["community", "status"]),
            # The back office lists the newest first (a street has tens of thousands).
            models.Index(fields=["-registered_at", "-id"], name="volunteers_volunteer_recent"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def public_name(self) -> str:
        """Return the name as the public sees it: whole only with the volunteer's consent."""
        return public_name(self.name, self.show_publicly)


class Team(models.Model):
    """A volunteer service team of a unit, a community or a grid."""

    name = models.CharField(_("name"), max_length=100)
    node = models.ForeignKey(
        Node, on_delete=models.PROTECT, related_name="teams", verbose_name=_("community or grid")
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="teams",
        help_text=_("A unit's team counts toward its co-building."),
        verbose_name=_("member unit"),
    )
    leader = models.ForeignKey(
        Volunteer,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_teams",
        verbose_name=_("leader"),
    )
    members = models.ManyToManyField(
        Volunteer, related_name="teams", blank=True, verbose_name=_("members")
    )

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["node__lft", "name"]

    def __str__(self) -> str:
        return self.name


class ActivityKind(models.TextChoices):
    POLICY = "policy", _("Policies to the door (送政策)")
    JOBS = "jobs", _("Jobs to the door (送岗位)")
    LAW = "law", _("Law to the door (送法律)")
    CULTURE = "culture", _("Culture to the door (送文化)")
    HEALTH = "health", _("Health to the door (送医疗)")
    CARE = "care", _("Care visits")
    ENVIRONMENT = "environment", _("Environment")
    OTHER = "other", _("Other")


class Activity(models.Model):
    """A group service event, with strict capacity and a waiting list."""

    title = models.CharField(_("title"), max_length=150)
    kind = models.CharField(_("kind"), max_length=12, choices=ActivityKind.choices)
    node = models.ForeignKey(
        Node,
        on_delete=models.PROTECT,
        related_name="activities",
        verbose_name=_("where (on the tree)"),
    )
    place = models.CharField(_("place"), max_length=150)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    capacity = models.PositiveIntegerField(_("capacity"), validators=[MinValueValidator(1)])
    organiser_unit = models.ForeignKey(
        Unit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="organised_activities",
        verbose_name=_("organiser unit"),
    )
    organiser_team = models.ForeignKey(
        Team,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("organiser team"),
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    qr_secret = models.CharField(
        max_length=64, editable=False, default="", verbose_name=_("QR secret")
    )

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-starts_at", "pk"]
        # Lists newest first read the index instead of sorting every activity.
        indexes = [models.Index(fields=["-starts_at", "id"], name="volunteers_activity_recent")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="volunteers_activity_dates"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("An activity ends after it starts.")})


class SignupStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class Signup(models.Model):
    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="signups", verbose_name=_("activity")
    )
    volunteer = models.ForeignKey(
        Volunteer, on_delete=models.CASCADE, related_name="signups", verbose_name=_("volunteer")
    )
    status = models.CharField(_("status"), max_length=10, choices=SignupStatus.choices)
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")
        ordering = ["activity", "created_at", "pk"]
        indexes = [models.Index(fields=["-created_at", "-id"], name="volunteers_signup_recent")]
        constraints = [
            models.UniqueConstraint(fields=["activity", "volunteer"], name="volunteers_signup_once")
        ]

    def __str__(self) -> str:
        return f"{self.volunteer} · {self.activity}"

    @property
    def is_cancelled(self) -> bool:
        return self.status == SignupStatus.CANCELLED


class ServicePost(models.Model):
    """A service post (服务岗位) in-service members claim for a period."""

    title = models.CharField(_("post"), max_length=150)
    node = models.ForeignKey(
        Node, on_delete=models.PROTECT, related_name="service_posts", verbose_name=_("place")
    )
    description = models.TextField(_("description"), blank=True)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    slots = models.PositiveIntegerField(_("places"), default=1, validators=[MinValueValidator(1)])

    class Meta:
        verbose_name = _("service post")
        verbose_name_plural = _("service posts")
        ordering = ["-starts_on", "pk"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("A post ends on or after the day it starts.")})


class PostClaim(models.Model):
    post = models.ForeignKey(
        ServicePost, on_delete=models.CASCADE, related_name="claims", verbose_name=_("service post")
    )
    volunteer = models.ForeignKey(
        Volunteer, on_delete=models.CASCADE, related_name="post_claims", verbose_name=_("volunteer")
    )
    claimed_at = models.DateTimeField(default=timezone.now, verbose_name=_("claimed at"))
    released_at = models.DateTimeField(null=True, blank=True, verbose_name=_("released at"))

    class Meta:
        verbose_name = _("post claim")
        verbose_name_plural = _("post claims")
        constraints = [
            models.UniqueConstraint(
                fields=["post", "volunteer"],
                condition=Q(released_at__isnull=True),
                name="volunteers_claim_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.volunteer} · {self.post}"


class CheckInStatus(models.TextChoices):
    OPEN = "open", _("Checked in")
    CLOSED = "closed", _("Checked out")
    AUTO_CLOSED = "auto_closed", _("Checked out automatically")
    APPROVED = "approved", _("Hours approved")
    REJECTED = "rejected", _("Hours rejected")


# A stay that has ended, its hours waiting for approval.
HOURS_TO_REVIEW = [CheckInStatus.CLOSED, CheckInStatus.AUTO_CLOSED]


class CheckIn(models.Model):
    """One stay at an activity or a post: in, out, hours, and the organiser's approval."""

    volunteer = models.ForeignKey(
        Volunteer, on_delete=models.CASCADE, related_name="checkins", verbose_name=_("volunteer")
    )
    activity = models.ForeignKey(
        Activity,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="checkins",
        verbose_name=_("activity"),
    )
    post = models.ForeignKey(
        ServicePost,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="checkins",
        verbose_name=_("service post"),
    )
    community = models.ForeignKey(
        Node,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The community where the service was given."),
        verbose_name=_("community"),
    )
    checked_in_at = models.DateTimeField(_("in"))
    checked_out_at = models.DateTimeField(_("out"), null=True, blank=True)
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=2, default=Decimal("0"))
    status = models.CharField(
        _("status"), max_length=12, choices=CheckInStatus.choices, default=CheckInStatus.OPEN
    )
    flagged = models.BooleanField(
        _("flagged"), default=False, help_text=_("Not checked out within 24 hours.")
    )
    reviewed_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["-checked_in_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(activity__isnull=False) | Q(post__isnull=False),
                name="volunteers_checkin_has_a_place",
            ),
            models.UniqueConstraint(
                fields=["volunteer", "activity"],
                condition=Q(activity__isnull=False),
                name="volunteers_one_checkin_per_activity",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "checked_in_at"]),
            models.Index(fields=["-checked_in_at", "-id"], name="volunteers_checkin_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.volunteer} {self.checked_in_at:%Y-%m-%d}"

    @property
    def is_open(self) -> bool:
        """Return whether the volunteer is still checked in."""
        return self.status == CheckInStatus.OPEN

    @property
    def hours_to_review(self) -> bool:
        """Return whether the stay has ended and its hours wait for approval."""
        return self.status in HOURS_TO_REVIEW


class PointSource(models.TextChoices):
    CHECKIN = "checkin", _("Service hours")
    WISH = "wish", _("Fulfilled micro-wish")
    REQUEST = "request", _("Service request")
    MANUAL = "manual", _("Manual award")
    REVERSAL = "reversal", _("Reversal")


class PointRule(models.Model):
    """How many points a source earns; rules are data street staff edit, with history."""

    key = models.SlugField(_("rule"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    source = models.CharField(_("source"), max_length=10, choices=PointSource.choices)
    activity_kind = models.CharField(
        _("kind of activity"), max_length=12, choices=ActivityKind.choices, blank=True
    )
    points_per_hour = models.DecimalField(
        _("points per hour"), max_digits=6, decimal_places=2, default=Decimal("0")
    )
    points_each = models.DecimalField(
        _("points each time"), max_digits=6, decimal_places=2, default=Decimal("0")
    )
    daily_cap = models.DecimalField(
        _("cap per day"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    yearly_cap = models.DecimalField(
        _("cap per year"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("points rule")
        verbose_name_plural = _("points rules")
        ordering = ["source", "key"]

    def __str__(self) -> str:
        return self.name


class PointRuleChange(models.Model):
    rule = models.ForeignKey(
        PointRule, on_delete=models.CASCADE, related_name="changes", verbose_name=_("points rule")
    )
    changed_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("changed by")
    )
    changed_at = models.DateTimeField(default=timezone.now, verbose_name=_("changed at"))
    before = models.JSONField(verbose_name=_("before"))
    after = models.JSONField(verbose_name=_("after"))

    class Meta:
        verbose_name = _("points rule change")
        verbose_name_plural = _("points rule changes")
        ordering = ["-changed_at"]

    def __str__(self) -> str:
        return f"{self.rule} {self.changed_at:%Y-%m-%d}"


class PointEntry(models.Model):
    """One line of the points ledger. Never edited: a mistake is undone by a counter-entry."""

    volunteer = models.ForeignKey(
        Volunteer, on_delete=models.PROTECT, related_name="points", verbose_name=_("volunteer")
    )
    amount = models.DecimalField(_("points"), max_digits=8, decimal_places=2)
    rule = models.ForeignKey(
        PointRule,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("points rule"),
    )
    source = models.CharField(_("source"), max_length=10, choices=PointSource.choices)
    source_key = models.CharField(
        _("for"), max_length=60, help_text=_("What earned it, e.g. checkin:42.")
    )
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    reverses = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reversed_by",
        verbose_name=_("reverses"),
    )
    created_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("points entry")
        verbose_name_plural = _("points ledger")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["-created_at", "-id"], name="volunteers_points_recent")]
        constraints = [
            models.UniqueConstraint(
                fields=["volunteer", "source_key"],
                condition=Q(reverses__isnull=True),
                name="volunteers_points_once_per_source",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.volunteer} {self.amount:+}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ValidationError(_("Ledger entries are never changed; add a reversal instead."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("Ledger entries are never deleted; add a reversal instead."))


class DualReportKind(models.TextChoices):
    UNIT = "unit", _("Unit report")
    MEMBER = "member", _("In-service member report")


class DualReport(models.Model):
    """双报到: a unit reports to its community, a member to the community where they live."""

    kind = models.CharField(_("kind"), max_length=8, choices=DualReportKind.choices)
    community = models.ForeignKey(
        Node,
        on_delete=models.PROTECT,
        related_name="dual_reports",
        limit_choices_to={"kind": NodeKind.COMMUNITY},
        verbose_name=_("community"),
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="dual_reports", verbose_name=_("member unit")
    )
    volunteer = models.ForeignKey(
        Volunteer,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="dual_reports",
        verbose_name=_("volunteer"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    reported_at = models.DateTimeField(default=timezone.now, verbose_name=_("reported at"))
    confirmed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("confirmed at"))
    confirmed_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    grid = models.ForeignKey(
        Node,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": NodeKind.GRID},
        verbose_name=_("grid"),
    )
    team = models.ForeignKey(
        Team,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("team"),
    )

    class Meta:
        verbose_name = _("dual report")
        verbose_name_plural = _("dual reports")
        ordering = ["-year", "community__lft", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind=DualReportKind.MEMBER) & Q(volunteer__isnull=False))
                | (Q(kind=DualReportKind.UNIT) & Q(volunteer__isnull=True)),
                name="volunteers_member_reports_name_the_member",
            ),
            models.UniqueConstraint(
                fields=["volunteer", "year"],
                condition=Q(kind=DualReportKind.MEMBER),
                name="volunteers_member_reports_once_a_year",
            ),
            models.UniqueConstraint(
                fields=["unit", "community", "year"],
                condition=Q(kind=DualReportKind.UNIT),
                name="volunteers_unit_reports_once_a_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year}"


# Points and volunteers' states keep their history (who, when, what changed); rules keep their
# own, in PointRuleChange.
auditlog.register(PointEntry)
auditlog.register(Volunteer, include_fields=["status", "approved_by", "community", "work_unit"])
