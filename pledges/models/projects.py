"""Co-building projects (共建项目), their milestones and the units' contributions."""

from __future__ import annotations

import datetime
from decimal import Decimal

from auditlog.registry import auditlog
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.uploads import PolicyFileField
from grids.models import Node
from organizations.models import Unit

User = settings.AUTH_USER_MODEL


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class Project(models.Model):
    """A co-building project (共建项目) that member units fund and staff together."""

    title = models.CharField(_("title"), max_length=150)
    goal = models.TextField(_("goal"))
    node = models.ForeignKey(
        Node, on_delete=models.PROTECT, related_name="projects", verbose_name=_("place")
    )
    lead_unit = models.ForeignKey(
        Unit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_projects",
        verbose_name=_("lead unit"),
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    status = models.CharField(
        _("status"), max_length=12, choices=ProjectStatus.choices, default=ProjectStatus.PLANNED
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    # The units' resources a project made of a need draws on (the matching chose them).
    resources = models.ManyToManyField(
        "pledges.Resource", blank=True, related_name="projects", verbose_name=_("resources used")
    )

    class Meta:
        verbose_name = _("co-building project")
        verbose_name_plural = _("co-building projects")
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="pledges_project_dates"
            ),
            models.CheckConstraint(condition=Q(progress__lte=100), name="pledges_project_progress"),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("A project ends after it starts.")})


class Milestone(models.Model):
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("project")
    )
    title = models.CharField(_("milestone"), max_length=150)
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["project", "due_on", "pk"]

    def __str__(self) -> str:
        return self.title


class ContributionKind(models.TextChoices):
    MONEY = "money", _("Money")
    MATERIALS = "materials", _("Materials")
    PEOPLE = "people", _("People")
    VENUE = "venue", _("Venue")
    SERVICE = "service", _("Service")


class Contribution(models.Model):
    """What one unit gave to a project: its kind, its value in yuan, and the proof."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="contributions", verbose_name=_("project")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="contributions", verbose_name=_("member unit")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ContributionKind.choices)
    description = models.CharField(_("what"), max_length=200)
    value = models.DecimalField(
        _("value (yuan)"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    person_days = models.DecimalField(
        _("person-days"),
        max_digits=8,
        decimal_places=1,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    contributed_on = models.DateField(_("given on"), default=datetime.date.today)
    evidence_text = models.TextField(_("evidence"), blank=True)
    evidence_file = PolicyFileField(
        _("evidence file"),
        policy="evidence",
        folder="contributions",
        blank=True,
        download="pledges:contribution-evidence",
    )
    created_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["-contributed_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(value__gte=0) & Q(person_days__gte=0),
                name="pledges_contribution_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.description}"

    def clean(self) -> None:
        if self.kind == ContributionKind.PEOPLE and not self.person_days:
            raise ValidationError(
                {"person_days": _("Give the person-days of a contribution of people.")}
            )
        if self.kind == ContributionKind.MONEY and not self.value:
            raise ValidationError({"value": _("Give the amount of a contribution of money.")})


# Contributions keep their history (who, when, what changed).
auditlog.register(Contribution)
