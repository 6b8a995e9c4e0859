"""The three lists a community keeps (三张清单): residents' needs (需求清单), what member units
can give (资源清单), and the co-building projects made when a need meets resources (项目清单).
A need is closed only when its project is done and residents have rated it."""

from __future__ import annotations

from auditlog.registry import auditlog
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import assisted_by_field
from grids.models import Node, NodeKind, no_markup_validator
from organizations.models import Unit
from servicedesk.selectors import CaseKind, ServiceCategory

from .pledges import Satisfaction
from .projects import Project

User = settings.AUTH_USER_MODEL


class NeedSource(models.TextChoices):
    # The desk's case kinds first: a need from a case names it by (source, source_id).
    REQUEST = CaseKind.REQUEST.value, _("A service request")
    WISH = CaseKind.WISH.value, _("A micro-wish")
    VISIT = "visit", _("A home visit")
    SURVEY = "survey", _("A survey")
    MEETING = "meeting", _("A joint meeting")


class Urgency(models.TextChoices):
    URGENT = "urgent", _("Urgent")
    SOON = "soon", _("Soon")
    ROUTINE = "routine", _("When possible")


class NeedStatus(models.TextChoices):
    OPEN = "open", _("Awaiting a match")
    IN_PROJECT = "in_project", _("Being met by a project")
    CLOSED = "closed", _("Met and rated")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Need(models.Model):
    """A residents' need on the community's demand list: what, where, for how many, how soon,
    and where the community heard of it. No resident's name or phone: the list is public."""

    community = models.ForeignKey(
        Node,
        on_delete=models.PROTECT,
        related_name="needs",
        limit_choices_to={"kind": NodeKind.COMMUNITY},
        verbose_name=_("community"),
    )
    place = models.ForeignKey(
        Node,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("compound or building"),
    )
    title = models.CharField(_("need"), max_length=150, validators=[no_markup_validator])
    description = models.TextField(_("description"), blank=True, validators=[no_markup_validator])
    category = models.CharField(_("category"), max_length=12, choices=ServiceCategory.choices)
    people = models.PositiveIntegerField(
        _("people affected"), default=1, validators=[MinValueValidator(1)]
    )
    urgency = models.CharField(
        _("urgency"), max_length=8, choices=Urgency.choices, default=Urgency.SOON
    )
    source = models.CharField(_("heard from"), max_length=8, choices=NeedSource.choices)
    # The request or wish the need came from (its id in the service desk; never its tracking
    # code, which is the resident's key).
    source_id = models.PositiveIntegerField(_("source record"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=NeedStatus.choices, default=NeedStatus.OPEN
    )
    project = models.ForeignKey(
        Project,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="needs",
        verbose_name=_("co-building project"),
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("need")
        verbose_name_plural = _("demand list")
        ordering = ["status", "-created_at", "pk"]
        indexes = [models.Index(fields=["community", "status"], name="pledges_need_open")]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_id"],
                condition=Q(source_id__isnull=False),
                name="pledges_one_need_per_source",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == NeedStatus.OPEN

    @property
    def from_request(self) -> bool:
        return self.source == NeedSource.REQUEST

    def clean(self) -> None:
        if self.source_id and self.source not in (NeedSource.REQUEST, NeedSource.WISH):
            raise ValidationError(
                {"source_id": _("Only a request or a wish is linked to its record.")}
            )
        if self.place_id and self.community_id and not self.place.is_descendant_of(self.community):
            raise ValidationError({"place": _("The place must be in the need's community.")})


class ResourceKind(models.TextChoices):
    VENUE = "venue", _("Venue or room")
    FUNDS = "funds", _("Funds")
    VOLUNTEERS = "volunteers", _("Volunteers")
    SKILLS = "skills", _("Skills and expertise")
    MATERIALS = "materials", _("Materials")
    SERVICE = "service", _("A service")


class Resource(models.Model):
    """What a member unit can give the community (its service menu is listed beside these)."""

    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="resources", verbose_name=_("member unit")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ResourceKind.choices)
    category = models.CharField(
        _("answers needs of"), max_length=12, choices=ServiceCategory.choices
    )
    title = models.CharField(_("resource"), max_length=150, validators=[no_markup_validator])
    capacity = models.CharField(
        _("capacity"),
        max_length=60,
        help_text=_("How much: 40 seats, 20,000 yuan a year, 6 volunteers."),
        validators=[no_markup_validator],
    )
    availability = models.CharField(
        _("availability"),
        max_length=100,
        help_text=_("When: weekday evenings, weekends, on request."),
        validators=[no_markup_validator],
    )
    active = models.BooleanField(_("available now"), default=True)
    created_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resource list")
        ordering = ["unit__name", "kind", "title"]

    def __str__(self) -> str:
        return f"{self.unit} · {self.title}"


class NeedOffer(models.Model):
    """A member unit offering itself to meet a need (一方有需、八方支援)."""

    need = models.ForeignKey(
        Need, on_delete=models.CASCADE, related_name="offers", verbose_name=_("need")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="need_offers", verbose_name=_("member unit")
    )
    resource = models.ForeignKey(
        Resource,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="offers",
        verbose_name=_("resource"),
    )
    note = models.CharField(_("what we offer"), max_length=300, validators=[no_markup_validator])
    offered_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("offered by"),
    )
    offered_at = models.DateTimeField(_("offered at"), default=timezone.now)

    class Meta:
        verbose_name = _("offer to meet a need")
        verbose_name_plural = _("offers to meet needs")
        ordering = ["need", "offered_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["need", "unit"], name="pledges_one_offer_per_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.need}"

    def clean(self) -> None:
        if self.resource_id and self.unit_id and self.resource.unit_id != self.unit_id:
            raise ValidationError({"resource": _("Offer one of your own unit's resources.")})


class ProjectRating(models.Model):
    """A resident's rating of a finished co-building project, one per person (verified as the
    pledge ratings are)."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="ratings", verbose_name=_("project")
    )
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
        verbose_name = _("project rating")
        verbose_name_plural = _("project ratings")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["project", "voter"], name="pledges_one_project_rating"),
        ]

    def __str__(self) -> str:
        return f"{self.project_id} {self.value}"


# Needs and offers keep their history (who, when, what changed).
auditlog.register(Need)
auditlog.register(Resource)
auditlog.register(NeedOffer)
auditlog.register(ProjectRating, exclude_fields=["voter"])
