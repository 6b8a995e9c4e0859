"""Pledge lists (初心清单) both ways and residents' ratings of them."""

from __future__ import annotations

from auditlog.registry import auditlog
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import assisted_by_field
from common.uploads import PolicyFileField
from grids.models import Node, NodeKind, no_markup_validator
from organizations.models import Unit

User = settings.AUTH_USER_MODEL


class PledgerKind(models.TextChoices):
    STREET = "street", _("The street")
    COMMUNITY = "community", _("A community")
    BRANCH = "branch", _("A compound party branch")
    OWNERS_COMMITTEE = "owners_committee", _("An owners' committee")
    UNIT = "unit", _("A member unit")


# Where each kind of pledger's list sits on the tree (its public board).
PLEDGER_NODE_KIND = {
    PledgerKind.STREET: NodeKind.STREET,
    PledgerKind.COMMUNITY: NodeKind.COMMUNITY,
    PledgerKind.BRANCH: NodeKind.COMPOUND,
    PledgerKind.OWNERS_COMMITTEE: NodeKind.COMPOUND,
    PledgerKind.UNIT: NodeKind.COMMUNITY,
}


class Beneficiary(models.TextChoices):
    RESIDENTS = "residents", _("The community and its residents")
    UNITS = "units", _("The member units")


class ListStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Awaiting review")
    RETURNED = "returned", _("Returned for changes")
    PUBLISHED = "published", _("Published")


class PledgeList(models.Model):
    """What one pledger promises for a year, reviewed by the level above, then shown in public."""

    pledger_kind = models.CharField(_("pledger"), max_length=20, choices=PledgerKind.choices)
    node = models.ForeignKey(
        Node,
        on_delete=models.PROTECT,
        related_name="pledge_lists",
        verbose_name=_("board"),
        help_text=_("The street, community or compound whose board shows the list."),
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pledge_lists",
        verbose_name=_("member unit"),
    )
    beneficiary = models.CharField(
        _("promised to"), max_length=12, choices=Beneficiary.choices, default=Beneficiary.RESIDENTS
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=150)
    status = models.CharField(
        _("status"), max_length=10, choices=ListStatus.choices, default=ListStatus.DRAFT
    )
    review_note = models.TextField(_("review note"), blank=True)
    reviewed_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
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
        verbose_name = _("pledge list")
        verbose_name_plural = _("pledge lists")
        ordering = ["-year", "node__lft", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["pledger_kind", "node", "year"],
                condition=Q(unit__isnull=True),
                name="pledges_one_list_a_year",
            ),
            models.UniqueConstraint(
                fields=["unit", "year", "beneficiary"],
                condition=Q(unit__isnull=False),
                name="pledges_one_unit_list_a_year",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        wanted = PLEDGER_NODE_KIND.get(self.pledger_kind)
        if wanted and self.node_id and self.node.kind != wanted:
            raise ValidationError(
                {
                    "node": _("This pledger's list belongs on a %(kind)s board.")
                    % {"kind": NodeKind(wanted).label}
                }
            )
        if (self.pledger_kind == PledgerKind.UNIT) != bool(self.unit_id):
            raise ValidationError({"unit": _("Name the unit for a unit's pledges, and only then.")})
        if self.unit_id and self.node_id and self.unit.community_id != self.node_id:
            raise ValidationError({"node": _("A unit's pledges go on its own community's board.")})
        if self.beneficiary == Beneficiary.UNITS and self.pledger_kind != PledgerKind.STREET:
            raise ValidationError(
                {"beneficiary": _("Only the street pledges to the member units.")}
            )

    @property
    def is_editable(self) -> bool:
        """Return whether the pledger may still change the list (a draft, or returned)."""
        return self.status in (ListStatus.DRAFT, ListStatus.RETURNED)

    @property
    def awaits_review(self) -> bool:
        return self.status == ListStatus.SUBMITTED

    @property
    def is_published(self) -> bool:
        return self.status == ListStatus.PUBLISHED

    @property
    def pledger_name(self) -> str:
        if self.unit_id:
            return self.unit.name
        if self.pledger_kind == PledgerKind.BRANCH:
            return _("%(compound)s party branch") % {"compound": self.node.name}
        if self.pledger_kind == PledgerKind.OWNERS_COMMITTEE:
            return _("%(compound)s owners' committee") % {"compound": self.node.name}
        return self.node.name


class PledgeCategory(models.TextChoices):
    SERVICE = "service", _("Serving residents")
    ENVIRONMENT = "environment", _("Environment")
    CIVILITY = "civility", _("Civility")
    SAFETY = "safety", _("Safety")
    EMPLOYMENT = "employment", _("Employment")
    CARE = "care", _("Care and help")
    BUSINESS = "business", _("Serving the units")
    OTHER = "other", _("Other")


class PledgeStatus(models.TextChoices):
    PROMISED = "promised", _("Promised")
    IN_PROGRESS = "in_progress", _("In progress")
    KEPT = "kept", _("Kept")
    NOT_KEPT = "not_kept", _("Not kept")


class Pledge(models.Model):
    pledge_list = models.ForeignKey(
        PledgeList, on_delete=models.CASCADE, related_name="pledges", verbose_name=_("pledge list")
    )
    text = models.CharField(_("pledge"), max_length=300, validators=[no_markup_validator])
    category = models.CharField(_("category"), max_length=12, choices=PledgeCategory.choices)
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=12, choices=PledgeStatus.choices, default=PledgeStatus.PROMISED
    )
    explanation = models.TextField(_("why it was not kept"), blank=True)
    evidence_text = models.TextField(_("evidence"), blank=True)
    evidence_photo = PolicyFileField(
        _("photo"), policy="pledge_photo", folder="pledges", blank=True, download="pledges:photo"
    )
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")
        ordering = ["pledge_list", "due_on", "pk"]

    def __str__(self) -> str:
        return self.text

    def clean(self) -> None:
        if self.status == PledgeStatus.NOT_KEPT and not self.explanation.strip():
            raise ValidationError({"explanation": _("Explain why the pledge was not kept.")})
        if self.status == PledgeStatus.KEPT and not (
            self.evidence_text.strip() or self.evidence_photo
        ):
            raise ValidationError({"evidence_text": _("Show how the pledge was kept.")})


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    BASIC = "basic", _("Basically satisfied")
    UNSATISFIED = "unsatisfied", _("Not satisfied")


class PledgeRating(models.Model):
    """A resident's rating (满意度测评) of a published pledge, one per person per period."""

    pledge = models.ForeignKey(
        Pledge, on_delete=models.CASCADE, related_name="ratings", verbose_name=_("pledge")
    )
    period = models.CharField(_("period"), max_length=7, help_text=_("YYYY-MM"))
    value = models.CharField(_("rating"), max_length=12, choices=Satisfaction.choices)
    comment = models.CharField(
        _("comment"), max_length=300, blank=True, validators=[no_markup_validator]
    )
    voter = models.CharField(
        max_length=64,
        help_text=_("A hash of the rater's browser token."),
        verbose_name=_("rated by"),
    )
    assisted_by = assisted_by_field()
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("pledge rating")
        verbose_name_plural = _("pledge ratings")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["pledge", "period", "voter"], name="pledges_one_rating_per_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pledge_id} {self.value}"


# Pledges and residents' ratings keep their history (who, when, what changed).
auditlog.register(PledgeList)
auditlog.register(Pledge, exclude_fields=["updated_at"])
auditlog.register(PledgeRating, exclude_fields=["voter"])
