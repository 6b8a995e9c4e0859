"""What units offer residents (服务菜单), residents' micro-wishes (微心愿) and order-style
service requests (点单式服务, 急难愁盼)."""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import assisted_by_field
from grids.models import Node, NodeKind, no_markup_validator, phone_validator
from organizations.models import Unit

from .choices import RequestStatus, WishStatus
from .workflow import REQUEST_STEPS, WISH_STEPS

User = settings.AUTH_USER_MODEL

# Tracking codes: no 0/O or 1/I/L, so they can be read out over the phone.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_tracking_code(prefix: str) -> str:
    return prefix + "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))


class ServiceCategory(models.TextChoices):
    HEALTH = "health", _("Health")
    LEGAL = "legal", _("Legal advice")
    VENUE = "venue", _("Venue")
    CANTEEN = "canteen", _("Canteen and meals")
    TRAINING = "training", _("Training")
    JOBS = "jobs", _("Jobs")
    REPAIR = "repair", _("Repairs")
    ELDERLY = "elderly", _("Elderly care")
    ENVIRONMENT = "environment", _("Environment")
    OTHER = "other", _("Other")


class ServiceOffer(models.Model):
    """A service or resource a member unit opens to residents: one line of its menu."""

    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="offers", verbose_name=_("member unit")
    )
    title = models.CharField(_("service"), max_length=120)
    category = models.CharField(_("category"), max_length=12, choices=ServiceCategory.choices)
    description = models.TextField(_("description"), blank=True)
    place = models.CharField(_("place"), max_length=150)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    hours = models.CharField(_("opening hours"), max_length=100)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("People at a time, if limited.")
    )
    contact_name = models.CharField(_("contact"), max_length=50)
    contact_phone = models.CharField(
        _("contact phone"), max_length=20, validators=[phone_validator]
    )
    active = models.BooleanField(_("offered now"), default=True)

    class Meta:
        verbose_name = _("service offer")
        verbose_name_plural = _("service menu")
        ordering = ["unit__name", "category", "title"]

    def __str__(self) -> str:
        return f"{self.unit} · {self.title}"


class ResidentCase(models.Model):
    """What a resident's wish and request share: a tracking code, a place, who and how to reach."""

    code_prefix = ""

    tracking_code = models.CharField(_("tracking code"), max_length=16, unique=True, editable=False)
    community = models.ForeignKey(
        Node,
        on_delete=models.PROTECT,
        related_name="%(class)s_cases",
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
    resident_name = models.CharField(_("name"), max_length=30, validators=[no_markup_validator])
    resident_phone = models.CharField(_("phone"), max_length=20, validators=[phone_validator])
    assisted_by = assisted_by_field()

    class Meta:
        abstract = True

    def __str__(self) -> str:
        # Never the tracking code: it is the resident's key, and __str__ ends up in the admin's
        # titles and history, in dropdowns and in logs.
        return f"#{self.pk}" if self.pk else ""

    def save(self, *args, **kwargs) -> None:
        if not self.tracking_code:
            self.tracking_code = new_tracking_code(self.code_prefix)
        super().save(*args, **kwargs)

    @property
    def is_assisted(self) -> bool:
        return self.assisted_by_id is not None


class NoticeKind(models.TextChoices):
    """What a notification from the service desk is about (its `kind`; never shown, so the
    labels are not translated)."""

    WISH_CLAIM_APPROVED = "wish_claim_approved"
    WISH_CLAIM_REFUSED = "wish_claim_refused"
    REQUEST_DISPATCHED = "request_dispatched"


class MicroWish(ResidentCase):
    """A resident's small wish (微心愿), claimed and fulfilled by a unit or volunteer."""

    code_prefix = "W"

    title = models.CharField(_("wish"), max_length=100, validators=[no_markup_validator])
    description = models.TextField(
        _("description"), max_length=1000, blank=True, validators=[no_markup_validator]
    )
    posted_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("A steward posting for a resident."),
        verbose_name=_("posted by"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=WishStatus.choices, default=WishStatus.SUBMITTED
    )
    claimed_unit = models.ForeignKey(
        Unit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="claimed_wishes",
        verbose_name=_("claiming unit"),
    )
    claimed_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="claimed_wishes",
        verbose_name=_("claimed by"),
    )
    proof = models.TextField(_("proof of fulfilment"), blank=True, validators=[no_markup_validator])
    rating = models.PositiveSmallIntegerField(
        _("resident's rating"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    expires_on = models.DateField(_("expires on"))
    created_at = models.DateTimeField(_("posted at"), default=timezone.now)
    fulfilled_at = models.DateTimeField(_("fulfilled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("micro-wish")
        verbose_name_plural = _("micro-wishes")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["community", "status"]),
            # The wall and the lists, newest first, read this instead of sorting every wish.
            models.Index(fields=["-created_at", "-id"], name="servicedesk_wish_recent"),
        ]

    # The wishes the public wall shows: published, and on their way to coming true.
    ON_THE_WALL = (
        WishStatus.PUBLISHED,
        WishStatus.CLAIM_PENDING,
        WishStatus.CLAIMED,
        WishStatus.FULFILLED,
        WishStatus.CONFIRMED,
    )
    # The wishes the desk no longer lists: nothing is left to do with them.
    FINISHED = (WishStatus.CONFIRMED, WishStatus.REJECTED, WishStatus.EXPIRED, WishStatus.CANCELLED)

    def __str__(self) -> str:
        return self.title

    @property
    def allows(self) -> dict[str, bool]:
        """Return, for each step of the wish workflow, whether the wish's state lets it be
        taken (who may take it is the service's check): templates ask `wish.allows.claim`."""

        return {name: self.status in step.sources for name, step in WISH_STEPS.items()}


class WishEvent(models.Model):
    """One transition of a micro-wish: the history that shows who moved it and when."""

    wish = models.ForeignKey(
        MicroWish, on_delete=models.CASCADE, related_name="events", verbose_name=_("wish")
    )
    from_status = models.CharField(
        max_length=16, choices=WishStatus.choices, blank=True, verbose_name=_("status before")
    )
    to_status = models.CharField(
        max_length=16, choices=WishStatus.choices, verbose_name=_("status after")
    )
    action = models.CharField(max_length=20, verbose_name=_("action"))
    by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    note = models.CharField(max_length=300, blank=True, verbose_name=_("note"))
    at = models.DateTimeField(default=timezone.now, verbose_name=_("time"))

    class Meta:
        verbose_name = _("wish event")
        verbose_name_plural = _("wish events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status}→{self.to_status}"


class ServiceRequest(ResidentCase):
    """An order from the service menu or a trouble a resident describes (急难愁盼)."""

    code_prefix = "R"

    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    category = models.CharField(_("category"), max_length=12, choices=ServiceCategory.choices)
    offer = models.ForeignKey(
        ServiceOffer,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="requests",
        verbose_name=_("ordered service"),
    )
    description = models.TextField(
        _("what is needed"), max_length=2000, validators=[no_markup_validator]
    )
    status = models.CharField(
        _("status"), max_length=12, choices=RequestStatus.choices, default=RequestStatus.SUBMITTED
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="service_requests",
        verbose_name=_("handling unit"),
    )
    closed_by_unit = models.ForeignKey(
        Unit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="closed_requests",
        verbose_name=_("closed by unit"),
    )
    report = models.TextField(_("service report"), blank=True)
    rating = models.PositiveSmallIntegerField(
        _("resident's rating"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    reopen_count = models.PositiveSmallIntegerField(_("reopened"), default=0)
    created_at = models.DateTimeField(_("received at"), default=timezone.now)
    due_at = models.DateTimeField(_("due at"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("service request")
        verbose_name_plural = _("service requests")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["community", "status"]),
            models.Index(fields=["category", "created_at"]),
            models.Index(fields=["-created_at", "-id"], name="servicedesk_request_recent"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} · {self.get_category_display()}"

    def sla_light(self, now: datetime.datetime | None = None) -> str:
        """Return green under 80% of the time used, yellow until due, red after; done if closed."""
        if self.status in (RequestStatus.CLOSED, RequestStatus.RATED, RequestStatus.REJECTED):
            return "done"
        now = now or timezone.now()
        if now > self.due_at:
            return "red"
        total = (self.due_at - self.created_at).total_seconds()
        used = (now - self.created_at).total_seconds()
        return "yellow" if total <= 0 or used >= 0.8 * total else "green"

    @property
    def allows(self) -> dict[str, bool]:
        """Return, for each step of the request workflow, whether the request's state lets it
        be taken (who may take it is the service's check): templates ask `item.allows.close`."""

        return {name: self.status in step.sources for name, step in REQUEST_STEPS.items()}


class RequestEvent(models.Model):
    request = models.ForeignKey(
        ServiceRequest,
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name=_("service request"),
    )
    from_status = models.CharField(
        max_length=12, choices=RequestStatus.choices, blank=True, verbose_name=_("status before")
    )
    to_status = models.CharField(
        max_length=12, choices=RequestStatus.choices, verbose_name=_("status after")
    )
    action = models.CharField(max_length=20, verbose_name=_("action"))
    by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("member unit"),
    )
    note = models.CharField(max_length=500, blank=True, verbose_name=_("note"))
    at = models.DateTimeField(default=timezone.now, verbose_name=_("time"))

    class Meta:
        verbose_name = _("request event")
        verbose_name_plural = _("request events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status}→{self.to_status}"
