from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts.admin_mixins import ScopedAdminMixin, ScopedInlineMixin, community_filter_for

from .models import PartyOrganization, Unit, UnitRating


class PartyOrganizationInline(ScopedInlineMixin, admin.TabularInline):
    model = PartyOrganization
    fk_name = "node"
    scope_path = "node"
    extra = 0
    fields = ["kind", "name", "secretary_name", "secretary_phone", "member_count", "founded_on"]


@admin.register(PartyOrganization)
class PartyOrganizationAdmin(ScopedAdminMixin, admin.ModelAdmin):
    scope_path = "node"
    list_display = ["name", "kind", "node_path", "secretary_name", "member_count", "founded_on"]
    list_filter = ["kind"]
    search_fields = ["name", "secretary_name", "node__name"]
    list_select_related = ["node"]
    autocomplete_fields = ["node"]
    list_per_page = 100

    @admin.display(description=_("attached to"), ordering="node__code_path")
    def node_path(self, obj: PartyOrganization) -> str:
        return f"{obj.node.name} ({obj.node.code_path})"


class UnitRatingInline(ScopedInlineMixin, admin.TabularInline):
    model = UnitRating
    scope_path = "unit__community"
    extra = 0
    fields = ["kind", "value", "reason", "set_by", "set_at"]
    readonly_fields = ["set_by", "set_at"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # ratings are history: add a new one instead of editing

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class UnitPartyOrganizationInline(PartyOrganizationInline):
    fk_name = "unit"
    fields = ["node", "kind", "name", "secretary_name", "secretary_phone", "member_count"]


@admin.register(Unit)
class UnitAdmin(ScopedAdminMixin, admin.ModelAdmin):
    scope_path = "community"
    list_display = ["name", "kind", "community", "grid", "joined_on", "left_on", "rota_order"]
    list_filter = [
        "kind",
        ("left_on", admin.EmptyFieldListFilter),
        community_filter_for("community"),
    ]
    search_fields = ["name", "leader_name", "address"]
    list_select_related = ["community", "grid"]
    autocomplete_fields = ["community", "grid"]
    list_per_page = 100
    inlines = [UnitPartyOrganizationInline, UnitRatingInline]

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        if formset.model is UnitRating:
            for rating_form in formset.forms:
                if rating_form.has_changed() and not rating_form.instance.pk:
                    rating_form.instance.set_by = request.user
        super().save_formset(request, form, formset, change)
