"""A summons (吹哨) and each called unit's answer (报到)."""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.uploads import PolicyFileField
from grids.models import Node, no_markup_validator
from organizations.models import Unit

User = settings.AUTH_USER_MODEL

# A call still open is yellow once this share of the time to the deadline has gone.
YELLOW_AT = 0.5


class SummonsKind(models.TextChoices):
    FLOOD = "flood", _("Flood or storm")
    FIRE = "fire", _("Fire hazard")
    DISPUTE = "dispute", _("Dispute")
    CAMPAIGN = "campaign", _("Campaign")
    OTHER = "other", _("Other urgent matter")


class SummonsStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ESCALATED = "escalated", _("Escalated to the street")
    CLOSED = "closed", _("Closed")


class CallStatus(models.TextChoices):
    CALLED = "called", _("Called, no answer yet")
    ACCEPTED = "accepted", _("Accepted")
    ARRIVING = "arriving", _("On the way")
    ON_SITE = "on_site", _("On site")
    DONE = "done", _("Done, reported")
    DECLINED = "declined", _("Declined")


# What a called unit may do next: each step, the states it leaves from and where it lands.
CALL_STEPS: dict[str, tuple[tuple[str, ...], str]] = {
    "accept": ((CallStatus.CALLED,), CallStatus.ACCEPTED),
    "decline": ((CallStatus.CALLED, CallStatus.ACCEPTED), CallStatus.DECLINED),
    "arriving": ((CallStatus.ACCEPTED,), CallStatus.ARRIVING),
    "check_in": ((CallStatus.CALLED, CallStatus.ACCEPTED, CallStatus.ARRIVING), CallStatus.ON_SITE),
    "report": ((CallStatus.ON_SITE,), CallStatus.DONE),
}


class Light(models.TextChoices):
    GREEN = "green", _("In time")
    YELLOW = "yellow", _("Deadline near")
    RED = "red", _("Past the deadline")
    DONE = "done", _("Answered")


def new_checkin_token() -> str:
    return secrets.token_urlsafe(16)


class Summons(models.Model):
    """An urgent matter a community (or the street) calls member units out to, by a deadline."""

    node = models.ForeignKey(
        Node,
        on_delete=models.PROTECT,
        related_name="summons",
        verbose_name=_("summoning community or street"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=SummonsKind.choices)
    title = models.CharField(_("title"), max_length=120, validators=[no_markup_validator])
    description = models.TextField(
        _("what is needed"), max_length=2000, validators=[no_markup_validator]
    )
    place = models.CharField(_("place"), max_length=200, validators=[no_markup_validator])
    deadline = models.DateTimeField(_("units on site by"))
    status = models.CharField(
        _("status"), max_length=10, choices=SummonsStatus.choices, default=SummonsStatus.OPEN
    )
    raised_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("summoned by"),
    )
    raised_at = models.DateTimeField(_("raised at"), default=timezone.now)
    escalated_from = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="escalated_to",
        verbose_name=_("escalated from"),
    )
    escalation_note = models.TextField(
        _("why the street is asked"), blank=True, validators=[no_markup_validator]
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closed by"),
    )
    closing_note = models.TextField(_("outcome"), blank=True, validators=[no_markup_validator])
    checkin_token = models.CharField(
        _("check-in token"), max_length=32, default=new_checkin_token, editable=False
    )

    class Meta:
        verbose_name = _("summons")
        verbose_name_plural = _("summonses")
        ordering = ["-raised_at", "-pk"]
        indexes = [models.Index(fields=["node", "status"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == SummonsStatus.OPEN


class SummonsCall(models.Model):
    """One unit called out by a summons, and how it answered."""

    summons = models.ForeignKey(
        Summons, on_delete=models.CASCADE, related_name="calls", verbose_name=_("summons")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="summons_calls", verbose_name=_("member unit")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=CallStatus.choices, default=CallStatus.CALLED
    )
    called_at = models.DateTimeField(_("called at"), default=timezone.now)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    on_site_at = models.DateTimeField(_("on site at"), null=True, blank=True)
    done_at = models.DateTimeField(_("reported at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    decline_reason = models.TextField(
        _("why the unit cannot come"), blank=True, validators=[no_markup_validator]
    )
    report = models.TextField(_("report"), blank=True, validators=[no_markup_validator])

    class Meta:
        verbose_name = _("unit called")
        verbose_name_plural = _("units called")
        ordering = ["summons", "unit__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["summons", "unit"], name="summons_one_call_per_unit")
        ]

    def __str__(self) -> str:
        return f"{self.summons} · {self.unit}"

    def light(self, now: datetime.datetime | None = None) -> str:
        """Green while the unit has time, yellow when half the time to the deadline has gone
        without it on site, red past the deadline; done once it is on site, reported or has
        declined with a reason."""
        if self.status in (CallStatus.ON_SITE, CallStatus.DONE, CallStatus.DECLINED):
            return Light.DONE
        now = now or timezone.now()
        deadline = self.summons.deadline
        if now > deadline:
            return Light.RED
        total = (deadline - self.called_at).total_seconds()
        used = (now - self.called_at).total_seconds()
        return Light.YELLOW if total <= 0 or used >= YELLOW_AT * total else Light.GREEN

    @property
    def allows(self) -> dict[str, bool]:
        """For each step of the unit's answer, whether the call's state lets it be taken:
        templates ask `call.allows.report`."""
        return {name: self.status in sources for name, (sources, _) in CALL_STEPS.items()}

    @property
    def on_site_in_time(self) -> bool:
        return self.on_site_at is not None and self.on_site_at <= self.summons.deadline


# The photos a unit may send with its report: what a phone takes on site, a few.
MAX_REPORT_PHOTOS = 6


class ReportPhoto(models.Model):
    """A photo from the site sent with a unit's report (the upload policy checked it); served
    only to those who see the summons."""

    call = models.ForeignKey(
        SummonsCall, on_delete=models.CASCADE, related_name="photos", verbose_name=_("unit called")
    )
    photo = PolicyFileField(
        _("photo on site"), policy="summons_photo", folder="summons", download="summons:photo"
    )
    added_at = models.DateTimeField(_("added at"), default=timezone.now)

    class Meta:
        verbose_name = _("photo on site")
        verbose_name_plural = _("photos on site")
        ordering = ["call", "added_at", "pk"]

    def __str__(self) -> str:
        return f"#{self.pk}"
