"""Query strings of the portal's public pages (common.params.parse_query)."""

from __future__ import annotations

from django import forms

from .models import AnnouncementCategory


class AnnouncementsQuery(forms.Form):
    """?category=: one category of a place's announcements."""

    category = forms.ChoiceField(choices=[("", ""), *AnnouncementCategory.choices], required=False)
