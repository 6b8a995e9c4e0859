from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from accounts.admin_mixins import ScopedAdminMixin, community_filter_for

from .models import Announcement
from .services import announcement_save


@admin.register(Announcement)
class AnnouncementAdmin(ScopedAdminMixin, admin.ModelAdmin):
    scope_path = "node"
    list_display = ["title", "category", "node", "published_at"]
    list_filter = ["category", community_filter_for("node")]
    search_fields = ["title", "body"]
    list_select_related = ["node"]
    autocomplete_fields = ["node"]
    exclude = ["created_by"]

    def save_model(self, request: HttpRequest, obj: Announcement, form: Any, change: bool) -> None:
        announcement_save(announcement=obj, by=request.user)
