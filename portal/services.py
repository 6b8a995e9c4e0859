"""Writes of the public site's content."""

from __future__ import annotations

from typing import TYPE_CHECKING

import nh3
from django.db import transaction

from .models import Announcement

if TYPE_CHECKING:
    from accounts.models import User

# What an announcement's text may keep: structure and links, no scripts, styles or frames.
ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "u",
    "ul",
    "ol",
    "li",
    "h3",
    "h4",
    "a",
    "blockquote",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


def sanitise(html: str) -> str:
    """Return `html` with only the allowed tags and attributes (nh3, the Rust ammonia library)."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
    )


@transaction.atomic
def announcement_save(*, announcement: Announcement, by: User = None) -> Announcement:
    """Sanitise the text, validate and save an announcement."""
    announcement.body = sanitise(announcement.body)
    if announcement.pk is None:
        announcement.created_by = by
    announcement.full_clean()
    announcement.save()
    return announcement


@transaction.atomic
def announcement_delete(*, announcement: Announcement) -> None:
    """Take an announcement down."""
    announcement.delete()
