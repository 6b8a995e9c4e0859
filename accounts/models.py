"""Accounts, their role and the part of the tree each one may see."""

from auditlog.registry import auditlog
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from grids.models import Node, NodeKind, phone_validator


class Role(models.TextChoices):
    DISTRICT_STAFF = "district_staff", _("District staff")
    STREET_STAFF = "street_staff", _("Street office staff")
    COMMUNITY_SECRETARY = "community_secretary", _("Community secretary")
    UNIT_CONTACT = "unit_contact", _("Member unit contact")
    VOLUNTEER = "volunteer", _("Volunteer")


# The kind of node each role's scope is rooted at.
SCOPE_KIND = {
    Role.DISTRICT_STAFF: NodeKind.DISTRICT,
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
        help_text=_(
            "District staff: their district. Street staff: their street. Community "
            "secretaries: their community."
        ),
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

    @property
    def is_district_staff(self) -> bool:
        return self.role == Role.DISTRICT_STAFF

    @property
    def is_street_staff(self) -> bool:
        return self.role == Role.STREET_STAFF

    @property
    def is_community_secretary(self) -> bool:
        return self.role == Role.COMMUNITY_SECRETARY

    @property
    def is_unit_contact(self) -> bool:
        return self.role == Role.UNIT_CONTACT

    @property
    def is_volunteer(self) -> bool:
        return self.role == Role.VOLUNTEER

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


class CodePurpose(models.TextChoices):
    SIGN_IN = "sign_in", _("Sign in")
    RESET = "reset", _("Password reset")


class PhoneCode(models.Model):
    """A code sent by text message (短信验证码): kept hashed, short-lived, used once."""

    phone = models.CharField(_("phone"), max_length=20)
    purpose = models.CharField(_("purpose"), max_length=10, choices=CodePurpose.choices)
    code_hash = models.CharField(max_length=64, verbose_name=_("code hash"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    wrong_tries = models.PositiveSmallIntegerField(_("wrong tries"), default=0)

    class Meta:
        verbose_name = _("text-message code")
        verbose_name_plural = _("text-message codes")
        indexes = [models.Index(fields=["phone", "purpose", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.phone} {self.purpose}"


def assisted_by_field() -> models.ForeignKey:
    """The field a resident's record keeps when staff filed it for them (代办): who filed it.
    Set by the services from the signed-in user, never from a form."""
    return models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        help_text=_(
            "The community or street staff member who filed this for a resident without a "
            "phone (代办)."
        ),
        verbose_name=_("filed on the resident's behalf by"),
    )
