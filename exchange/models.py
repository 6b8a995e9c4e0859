"""An import job: the uploaded file, who sent it, the check's report and the import's result."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from common.uploads import PolicyFileField

from .registry import kind_label


class JobStatus(models.TextChoices):
    CHECKING = "checking", _("Checking")
    INVALID = "invalid", _("Has errors: nothing imported")
    CHECKED = "checked", _("Checked: ready to import")
    IMPORTING = "importing", _("Importing")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Failed: nothing imported")


class ImportJob(models.Model):
    kind = models.CharField(_("what"), max_length=24)  # a slug of exchange.registry.KINDS
    file = PolicyFileField(
        _("file"), policy="workbook", folder="imports", download="admin:exchange_importjob_file"
    )
    file_name = models.CharField(_("file name"), max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="import_jobs",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=JobStatus.choices, default=JobStatus.CHECKING
    )
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    # {"totals": {...}, "errors": [{"line", "column", "letter", "message"}], "changes": [...]}
    report = models.JSONField(_("report"), default=dict, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{kind_label(self.kind)} · {self.file_name}"

    @property
    def running(self) -> bool:
        return self.status in (JobStatus.CHECKING, JobStatus.IMPORTING)

    @property
    def is_done(self) -> bool:
        return self.status == JobStatus.DONE
