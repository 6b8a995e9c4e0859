from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts.admin_mixins import ScopedAdminMixin, ScopedInlineMixin, community_filter_for
from accounts.admin_workflow import ServiceAdminMixin, ServiceInlineMixin, apply_changes

from . import services
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


class UnitRatingInline(ServiceInlineMixin, admin.TabularInline):
    """Ratings are history, given through unit_rate and signed by the account that rated: a
    new one is added, none is edited or deleted."""

    model = UnitRating
    scope_path = "unit__community"
    extra = 0
    fields = ["kind", "value", "reason", "set_by", "set_at"]
    state_fields = ("set_at",)

    def service_create(self, request: HttpRequest, unit: Unit, form: Any) -> UnitRating:
        data = form.cleaned_data
        return services.unit_rate(
            unit=unit,
            kind=data["kind"],
            value=data["value"],
            reason=data.get("reason", ""),
            by=request.user,
        )


class UnitPartyOrganizationInline(PartyOrganizationInline):
    fk_name = "unit"
    fields = ["node", "kind", "name", "secretary_name", "secretary_phone", "member_count"]


@admin.register(Unit)
class UnitAdmin(ServiceAdminMixin, admin.ModelAdmin):
    """Units are added and corrected through unit_create and unit_update (the same checks as
    the import); a unit that leaves gets its leaving date rather than being deleted, so its
    meetings, rota and ratings keep their history."""

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
    change_fields = "__all__"

    def service_create(self, request: HttpRequest, form: Any) -> Unit:
        return services.unit_create(unit=form.save(commit=False))

    def service_change(self, request: HttpRequest, unit: Unit, form: Any) -> Unit:
        return services.unit_update(unit=apply_changes(unit, form))
