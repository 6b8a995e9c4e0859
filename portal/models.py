"""Announcements (公告) for the public site, targeted to a place on the tree."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.uploads import PolicyFileField
from grids.models import Node, no_markup_validator


class AnnouncementCategory(models.TextChoices):
    LAW = "law", _("Law")
    CULTURE = "culture", _("Culture and sport")
    HEALTH = "health", _("Health")
    EMPLOYMENT = "employment", _("Employment and entrepreneurship")
    FINANCE = "finance", _("Finance")
    SAFETY = "safety", _("Public safety")


class Announcement(models.Model):
    """A notice for the whole street, a community, a grid or a building. Its body is rich text,
    sanitised when saved: it is never stored or shown as raw HTML from the author."""

    title = models.CharField(_("title"), max_length=150, validators=[no_markup_validator])
    category = models.CharField(_("category"), max_length=12, choices=AnnouncementCategory.choices)
    node = models.ForeignKey(
        Node, on_delete=models.PROTECT, related_name="announcements", verbose_name=_("audience")
    )
    body = models.TextField(_("text"))
    attachment = PolicyFileField(
        _("attachment"), policy="attachment", folder="announcements", blank=True
    )
    published_at = models.DateTimeField(_("published at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        ordering = ["-published_at", "-pk"]

    def __str__(self) -> str:
        return self.title
