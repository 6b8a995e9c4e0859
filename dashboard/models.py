"""A ledger asked for in the back office and made by a Celery worker, for the documents too
long to make while the user waits (a street's year as a PDF runs to hundreds of pages)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.uploads import PolicyFileField
from grids.models import Node

User = settings.AUTH_USER_MODEL


class LedgerStatus(models.TextChoices):
    QUEUED = "queued", _("Being made")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class LedgerRequest(models.Model):
    node = models.ForeignKey(
        Node, on_delete=models.CASCADE, related_name="+", verbose_name=_("street or community")
    )
    month = models.DateField(_("month"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    fmt = models.CharField(_("format"), max_length=4)
    status = models.CharField(
        _("status"), max_length=8, choices=LedgerStatus.choices, default=LedgerStatus.QUEUED
    )
    file = PolicyFileField(
        _("file"), policy="ledger", folder="ledgers", blank=True, download="dashboard:ledger-file"
    )
    requested_by = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="+", verbose_name=_("requested by")
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    class Meta:
        verbose_name = _("ledger request")
        verbose_name_plural = _("ledger requests")
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.node} {self.month or self.year} {self.fmt}"

    @property
    def is_ready(self) -> bool:
        return self.status == LedgerStatus.DONE
