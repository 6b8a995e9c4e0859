"""Party organisations attached to the street hierarchy."""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from grids.models import Node, NodeKind, phone_validator


class PartyOrganizationKind(models.TextChoices):
    WORKING_COMMITTEE = "working_committee", _("Working committee (党工委)")
    COMMITTEE = "committee", _("Party committee (党委)")
    GENERAL_BRANCH = "general_branch", _("General branch (党总支)")
    BRANCH = "branch", _("Party branch (党支部)")
    PARTY_GROUP = "party_group", _("Leading party group (党组)")


class PartyOrganization(models.Model):
    """A party organisation at one level of the tree, with its secretary and members."""

    node = models.ForeignKey(
        Node,
        on_delete=models.PROTECT,
        related_name="party_organizations",
        verbose_name=_("attached to"),
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
