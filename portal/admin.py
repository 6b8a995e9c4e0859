from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from accounts.admin_mixins import community_filter_for
from accounts.admin_workflow import ServiceAdminMixin, apply_changes

from .models import Announcement
from .services import announcement_delete, announcement_save


@admin.register(Announcement)
class AnnouncementAdmin(ServiceAdminMixin, admin.ModelAdmin):
    """Written through announcement_save (the text sanitised, the author the signed-in
    account) and deleted through announcement_delete."""

    scope_path = "node"
    list_display = ["title", "category", "node", "published_at"]
    list_filter = ["category", community_filter_for("node")]
    search_fields = ["title", "body"]
    list_select_related = ["node"]
    autocomplete_fields = ["node"]
    exclude = ["created_by"]
    change_fields = "__all__"

    def service_create(self, request: HttpRequest, form: Any) -> Announcement:
        return announcement_save(announcement=form.save(commit=False), by=request.user)

    def service_change(self, request: HttpRequest, announcement: Announcement, form: Any) -> Any:
        return announcement_save(announcement=apply_changes(announcement, form), by=request.user)

    def service_delete(self, request: HttpRequest, announcement: Announcement) -> None:
        announcement_delete(announcement=announcement)
