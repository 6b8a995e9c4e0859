"""The yearly appraisal of the member units (年度述职评议) and their star rating (星级评定):
a street opens the year, each unit files its report (述职) over the facts the portal fills,
committee members and residents rate the units, the street sets the weights, and the score,
ranks and stars are confirmed and published; previous years stay readable."""

from __future__ import annotations

from decimal import Decimal

from auditlog.registry import auditlog
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import assisted_by_field
from grids.models import Node, NodeKind, no_markup_validator
from organizations.models import Unit

User = settings.AUTH_USER_MODEL


class AppraisalStatus(models.TextChoices):
    OPEN = "open", _("Reports and ratings open")
    PUBLISHED = "published", _("Confirmed and published")


class Appraisal(models.Model):
    """A street's appraisal of its member units for one year."""

    street = models.ForeignKey(
        Node,
        on_delete=models.PROTECT,
        related_name="appraisals",
        limit_choices_to={"kind": NodeKind.STREET},
        verbose_name=_("street"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    facts_weight = models.PositiveSmallIntegerField(
        _("weight of the facts (%)"),
        default=70,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("The rest is the weight of the members' and residents' ratings."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=AppraisalStatus.choices, default=AppraisalStatus.OPEN
    )
    scored_at = models.DateTimeField(_("scored at"), null=True, blank=True)
    opened_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("opened by"),
    )  # fmt: skip
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    published_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("confirmed by"),
    )  # fmt: skip
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("yearly appraisal")
        verbose_name_plural = _("yearly appraisals")
        ordering = ["-year", "street__lft"]
        constraints = [
            models.UniqueConstraint(fields=["street", "year"], name="appraisals_one_a_year"),
            models.CheckConstraint(
                condition=Q(facts_weight__lte=100), name="appraisals_weight_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.street} {self.year}"

    @property
    def votes_weight(self) -> int:
        return 100 - self.facts_weight

    @property
    def is_open(self) -> bool:
        return self.status == AppraisalStatus.OPEN

    @property
    def is_published(self) -> bool:
        return self.status == AppraisalStatus.PUBLISHED


class UnitAppraisal(models.Model):
    """One unit's year: the facts the portal filled, the unit's own words, the ratings, and
    the score, ranks and stars with their reasons."""

    appraisal = models.ForeignKey(
        Appraisal, on_delete=models.CASCADE, related_name="units", verbose_name=_("appraisal")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="appraisals", verbose_name=_("member unit")
    )
    facts = models.JSONField(_("facts"), default=dict, blank=True)
    report = models.TextField(
        _("the unit's report (述职)"), blank=True, validators=[no_markup_validator]
    )
    reported_at = models.DateTimeField(_("reported at"), null=True, blank=True)
    reported_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("reported by"),
    )  # fmt: skip
    facts_score = models.DecimalField(
        _("score of the facts"), max_digits=5, decimal_places=1, default=Decimal("0")
    )
    votes_score = models.DecimalField(
        _("score of the ratings"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=1, default=Decimal("0"))
    rank_in_community = models.PositiveSmallIntegerField(
        _("rank in the community"), null=True, blank=True
    )
    rank_in_street = models.PositiveSmallIntegerField(
        _("rank in the street"), null=True, blank=True
    )
    stars = models.PositiveSmallIntegerField(
        _("stars"), default=0, validators=[MinValueValidator(0), MaxValueValidator(5)]
    )
    reasons = models.JSONField(_("reasons"), default=list, blank=True)

    class Meta:
        verbose_name = _("unit's appraisal")
        verbose_name_plural = _("units' appraisals")
        ordering = ["appraisal", "rank_in_street", "unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["appraisal", "unit"], name="appraisals_one_per_unit"),
            models.CheckConstraint(condition=Q(stars__lte=5), name="appraisals_stars_range"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.appraisal.year}" if self.appraisal_id else str(self.unit)

    @property
    def star_text(self) -> str:
        return "★" * self.stars + "☆" * (5 - self.stars) if self.stars else ""


class VoterKind(models.TextChoices):
    MEMBER = "member", _("Committee member")
    RESIDENT = "resident", _("Resident")


class AppraisalVote(models.Model):
    """A committee member's or a resident's rating of a unit's year, one per person per unit."""

    unit_appraisal = models.ForeignKey(
        UnitAppraisal, on_delete=models.CASCADE, related_name="votes", verbose_name=_("unit")
    )
    kind = models.CharField(_("rated as"), max_length=10, choices=VoterKind.choices)
    stars = models.PositiveSmallIntegerField(
        _("stars"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    voter = models.CharField(max_length=64, verbose_name=_("rated by"))
    assisted_by = assisted_by_field()
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("appraisal rating")
        verbose_name_plural = _("appraisal ratings")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit_appraisal", "voter"], name="appraisals_one_vote_per_person"
            ),
            models.CheckConstraint(
                condition=Q(stars__gte=1) & Q(stars__lte=5), name="appraisals_vote_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit_appraisal_id} {self.stars}"

    def clean(self) -> None:
        if self.unit_appraisal_id and not self.unit_appraisal.appraisal.is_open:
            raise ValidationError(_("The appraisal of this year is closed."))


auditlog.register(Appraisal)
auditlog.register(UnitAppraisal, exclude_fields=["facts", "reasons"])
auditlog.register(AppraisalVote, exclude_fields=["voter"])
