"""Party organisations on the street hierarchy, and the member units of the alliance."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grids.models import Node, NodeKind, phone_validator


class PartyOrganizationKind(models.TextChoices):
    WORKING_COMMITTEE = "working_committee", _("Working committee (党工委)")
    COMMITTEE = "committee", _("Party committee (党委)")
    GENERAL_BRANCH = "general_branch", _("General branch (党总支)")
    BRANCH = "branch", _("Party branch (党支部)")
    PARTY_GROUP = "party_group", _("Leading party group (党组)")


class PartyOrganizationQuerySet(models.QuerySet):
    def place_branches(self) -> "PartyOrganizationQuerySet":
        """Return the party branches of places on the tree (not a member unit's own)."""
        return self.filter(kind=PartyOrganizationKind.BRANCH, unit__isnull=True)


class PartyOrganization(models.Model):
    """A party organisation at one level of the tree, with its secretary and members."""

    node = models.ForeignKey(
        Node,
        on_delete=models.PROTECT,
        related_name="party_organizations",
        verbose_name=_("attached to"),
    )
    unit = models.ForeignKey(
        "Unit",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="party_organizations",
        verbose_name=_("member unit"),
        help_text=_("Set when this is a member unit's own party organisation."),
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=PartyOrganizationKind.choices, db_index=True
    )
    name = models.CharField(_("name"), max_length=120)
    secretary_name = models.CharField(_("secretary"), max_length=50, blank=True)
    secretary_phone = models.CharField(
        _("secretary's phone"), max_length=20, blank=True, validators=[phone_validator]
    )
    member_count = models.PositiveIntegerField(
        _("party members"), default=0, validators=[MinValueValidator(0)]
    )
    founded_on = models.DateField(_("founded on"), null=True, blank=True)

    objects = PartyOrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("party organisation")
        verbose_name_plural = _("party organisations")
        ordering = ["node__tree_id", "node__lft", "name"]
        constraints = [
            models.UniqueConstraint(fields=["node", "name"], name="organizations_name_per_node"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if (
            self.kind == PartyOrganizationKind.WORKING_COMMITTEE
            and self.node_id
            and self.node.kind != NodeKind.STREET
        ):
            raise ValidationError(
                {"kind": _("A working committee (党工委) sits at the street level.")}
            )


class UnitKind(models.TextChoices):
    GOVERNMENT = "government", _("Government agency")
    INSTITUTION = "institution", _("Public institution (school, hospital…)")
    STATE_ENTERPRISE = "state_enterprise", _("State-owned enterprise")
    PRIVATE_ENTERPRISE = "private_enterprise", _("Private enterprise")
    BANK = "bank", _("Bank")
    CONSTRUCTION_SITE = "construction_site", _("Construction site")
    SOCIAL_ORGANIZATION = "social_organization", _("Social organisation")
    TWO_NEW = "two_new", _("“Two new” organisation")
    NEW_BUSINESS_FORM = "new_business_form", _("New-business-form group")


# The units the seeds rate with stars and credit grades: those outside the public sector.
NON_PUBLIC_KINDS = frozenset(
    {
        UnitKind.PRIVATE_ENTERPRISE,
        UnitKind.SOCIAL_ORGANIZATION,
        UnitKind.TWO_NEW,
        UnitKind.NEW_BUSINESS_FORM,
        UnitKind.CONSTRUCTION_SITE,
    }
)


class UnitQuerySet(models.QuerySet):
    def active_on(self, day: datetime.date) -> "UnitQuerySet":
        """Return the units that were alliance members on `day`."""
        return self.filter(joined_on__lte=day).filter(
            models.Q(left_on__isnull=True) | models.Q(left_on__gte=day)
        )

    def in_rota_order(self) -> "UnitQuerySet":
        """Return the units in the order their community's rota takes them."""
        return self.order_by("rota_order", "name", "pk")


# The unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters from this
# alphabet, the last a check character computed from the other 17.
CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_code_check(first17: str) -> str:
    """Return the check character of a credit code's first 17 characters."""
    total = sum(
        CREDIT_CODE_ALPHABET.index(ch) * weight
        for ch, weight in zip(first17, CREDIT_CODE_WEIGHTS, strict=True)
    )
    return CREDIT_CODE_ALPHABET[(31 - total % 31) % 31]


def credit_code_validator(value: str) -> None:
    """Refuse what is not a unified social credit code (length, letters, check character)."""
    if (
        len(value) != 18
        or any(ch not in CREDIT_CODE_ALPHABET for ch in value)
        or credit_code_check(value[:17]) != value[17]
    ):
        raise ValidationError(
            _(
                "“%(value)s” is not a unified social credit code (18 characters, as on the "
                "business licence)."
            ),
            code="credit_code",
            params={"value": value},
        )


class Unit(models.Model):
    """A member unit of the alliance (驻街单位), stationed in one community."""

    name = models.CharField(_("name"), max_length=120)
    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        blank=True,
        validators=[credit_code_validator],
        help_text=_("The 18 characters on the unit's business licence or registration."),
    )
    kind = models.CharField(_("type"), max_length=24, choices=UnitKind.choices)
    community = models.ForeignKey(
        Node,
        on_delete=models.PROTECT,
        related_name="units",
        limit_choices_to={"kind": NodeKind.COMMUNITY},
        verbose_name=_("community"),
    )
    grid = models.OneToOneField(
        Node,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="unit",
        limit_choices_to={"kind": NodeKind.GRID},
        verbose_name=_("grid"),
        help_text=_("Where every unit is a grid of its own (Zhangwan: level 3), that grid."),
    )
    leader_name = models.CharField(_("leader"), max_length=50, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[phone_validator])
    address = models.CharField(_("address"), max_length=200, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    joined_on = models.DateField(_("joined the alliance on"))
    left_on = models.DateField(_("left the alliance on"), null=True, blank=True)
    rota_order = models.PositiveIntegerField(
        _("rota order"),
        default=0,
        help_text=_("Units take the rotating secretary's month in this order (then by name)."),
    )

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("member unit")
        verbose_name_plural = _("member units")
        ordering = ["community__lft", "rota_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["community", "name"], name="organizations_unit_name"),
            models.UniqueConstraint(
                fields=["credit_code"],
                condition=~models.Q(credit_code=""),
                name="organizations_unit_credit_code",
                violation_error_message=_("Another member unit has this credit code."),
            ),
            models.CheckConstraint(
                condition=models.Q(left_on__isnull=True)
                | models.Q(left_on__gte=models.F("joined_on")),
                name="organizations_unit_leaves_after_joining",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_non_public(self) -> bool:
        return self.kind in NON_PUBLIC_KINDS

    def is_active_on(self, day: datetime.date) -> bool:
        return self.joined_on <= day and (self.left_on is None or self.left_on >= day)

    def clean(self) -> None:
        if self.left_on and self.joined_on and self.left_on < self.joined_on:
            raise ValidationError({"left_on": _("A unit cannot leave before it joined.")})
        if self.grid_id and self.community_id:
            grid, community = self.grid, self.community
            if not (
                grid.tree_id == community.tree_id and community.lft < grid.lft < community.rght
            ):
                raise ValidationError({"grid": _("The unit's grid must lie in its community.")})


class RatingKind(models.TextChoices):
    STARS = "stars", _("Star rating")
    CREDIT = "credit", _("Credit grade")


RATING_VALUES = {
    RatingKind.STARS: ["1", "2", "3", "4", "5"],
    RatingKind.CREDIT: ["A", "B", "C", "D"],
}


class UnitRating(models.Model):
    """One rating given to a non-public unit; the newest of each kind is the current one."""

    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="ratings", verbose_name=_("member unit")
    )
    kind = models.CharField(_("rating"), max_length=10, choices=RatingKind.choices)
    value = models.CharField(_("value"), max_length=2)
    reason = models.TextField(_("reason"))
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("set by"),
    )
    set_at = models.DateTimeField(_("set at"), default=timezone.now)

    class Meta:
        verbose_name = _("unit rating")
        verbose_name_plural = _("unit ratings")
        ordering = ["-set_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.unit} {self.get_kind_display()} {self.value}"

    def clean(self) -> None:
        if self.kind in RATING_VALUES and self.value not in RATING_VALUES[self.kind]:
            raise ValidationError(
                {
                    "value": _("Use one of: %(values)s.")
                    % {"values": ", ".join(RATING_VALUES[self.kind])}
                }
            )
        if self.unit_id and not self.unit.is_non_public:
            raise ValidationError(_("Only non-public units are rated with stars and credit."))
