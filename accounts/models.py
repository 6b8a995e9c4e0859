"""Accounts, their role and the part of the tree each one may see."""

from auditlog.registry import auditlog
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from grids.models import Node, NodeKind, phone_validator


class Role(models.TextChoices):
    STREET_STAFF = "street_staff", _("Street office staff")
    COMMUNITY_SECRETARY = "community_secretary", _("Community secretary")
    UNIT_CONTACT = "unit_contact", _("Member unit contact")
    VOLUNTEER = "volunteer", _("Volunteer")


# The kind of node each role's scope is rooted at.
SCOPE_KIND = {
    Role.STREET_STAFF: NodeKind.STREET,
    Role.COMMUNITY_SECRETARY: NodeKind.COMMUNITY,
}


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=24, choices=Role.choices, blank=True)
    scope_node = models.ForeignKey(
        Node,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("scope"),
        help_text=_("Street staff: their street. Community secretaries: their community."),
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[phone_validator])
    unit = models.ForeignKey(
        "organizations.Unit",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contacts",
        verbose_name=_("member unit"),
        help_text=_("Unit contacts: the unit they speak for."),
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def clean(self) -> None:
        super().clean()
        if self.role == Role.UNIT_CONTACT and self.unit_id is None:
            raise ValidationError({"unit": _("A unit contact needs a unit.")})
        kind = SCOPE_KIND.get(self.role)
        if kind is None:
            return
        if self.scope_node_id is None:
            raise ValidationError({"scope_node": _("This role needs a scope.")})
        if self.scope_node.kind != kind:
            raise ValidationError(
                {
                    "scope_node": _("The scope of this role must be a %(kind)s.")
                    % {"kind": NodeKind(kind).label}
                }
            )


# Who may do what: every change of role, scope or standing is kept (who, when, what changed).
auditlog.register(
    User,
    include_fields=["role", "scope_node", "unit", "is_staff", "is_active", "is_superuser"],
)
