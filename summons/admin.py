"""The summons in the admin: read here, in scope; raising, answering, escalating and closing
go through the summons pages and their services, which notify and keep who did what."""

from __future__ import annotations

from django.contrib import admin

from accounts.admin_mixins import ReadOnlyAdminMixin, ScopedAdminMixin

from .models import Summons, SummonsCall


class CallInline(admin.TabularInline):
    model = SummonsCall
    extra = 0
    can_delete = False
    fields = ["unit", "status", "called_at", "answered_at", "on_site_at", "done_at", "report"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Summons)
class SummonsAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    scope_path = "node"
    list_display = ["title", "kind", "node", "deadline", "status", "raised_at"]
    list_filter = ["status", "kind"]
    list_select_related = ["node"]
    search_fields = ["title", "place"]
    ordering = ["-raised_at", "-pk"]
    fields = [
        "node",
        "kind",
        "title",
        "description",
        "place",
        "deadline",
        "status",
        "raised_by",
        "raised_at",
        "escalated_from",
        "escalation_note",
        "closed_at",
        "closed_by",
        "closing_note",
    ]
    readonly_fields = fields
    inlines = [CallInline]
