from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from mptt.admin import MPTTModelAdmin

from accounts.admin_mixins import (
    CommunityFilter,
    ScopedAdminMixin,
    ScopedInlineMixin,
    community_filter_for,
)
from accounts.admin_workflow import ServiceAdminMixin, ServiceInlineMixin, apply_changes
from accounts.scope import scope_for
from grids import services as tree_services
from grids.models import (
    CadreAssignment,
    GridLeader,
    Node,
    NodeKind,
    Steward,
    ZoneLiaison,
    kinds_below,
)

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


# The tree's own models (app_label grids, so /admin/grids/... is unchanged) are registered
# here: their admin reads roles and scope, which sit above grids.


class GridLeaderInline(ScopedInlineMixin, admin.StackedInline):
    model = GridLeader
    scope_path = "grid"
    fields = ["name", "phone", "position"]


class CadreAssignmentInline(ScopedInlineMixin, admin.TabularInline):
    model = CadreAssignment
    scope_path = "grid"
    extra = 0
    fields = ["name", "phone", "position"]


class StewardInline(ScopedInlineMixin, admin.StackedInline):
    model = Steward
    scope_path = "building"
    fields = [
        "name",
        "phone",
        "show_publicly",
        "card_number",
        "wechat_group_name",
        "wechat_group_link",
    ]


class ZoneLiaisonInline(ScopedInlineMixin, admin.StackedInline):
    model = ZoneLiaison
    scope_path = "zone"
    fields = ["name", "phone"]


INLINES_BY_KIND = {
    NodeKind.STREET: [PartyOrganizationInline],
    NodeKind.ZONE: [ZoneLiaisonInline, PartyOrganizationInline],
    NodeKind.COMMUNITY: [PartyOrganizationInline],
    NodeKind.GRID: [GridLeaderInline, CadreAssignmentInline, PartyOrganizationInline],
    NodeKind.COMPOUND: [PartyOrganizationInline],
    NodeKind.BUILDING: [StewardInline],
}


@admin.register(Node)
class NodeAdmin(ScopedAdminMixin, MPTTModelAdmin):
    list_display = ["name", "kind_column", "code_path", "address", "card_link"]
    list_filter = ["kind", "grid_level", CommunityFilter]
    search_fields = ["name", "code_path", "address"]
    autocomplete_fields = ["parent"]
    list_per_page = 100
    mptt_level_indent = 18
    actions = None
    fieldsets = [
        (None, {"fields": ["parent", "kind", "name", "code", "address"]}),
        (
            _("Location and figures"),
            {
                "fields": [
                    ("latitude", "longitude"),
                    ("households", "residents", "floating_population"),
                    "service_centre",
                ]
            },
        ),
        (
            _("Compound governance"),
            {
                "fields": ["has_owners_committee", "property_company"],
                "description": _(
                    "A compound with no party branch, owners' committee or property company "
                    "is counted as a three-none compound (三无小区)."
                ),
            },
        ),
    ]

    @admin.display(description=_("kind"), ordering="kind")
    def kind_column(self, obj: Node) -> str:
        return obj.kind_label

    @admin.display(description=_("service cards"))
    def card_link(self, obj: Node) -> str:
        if obj.kind not in (NodeKind.GRID, NodeKind.COMPOUND, NodeKind.COMMUNITY):
            return ""
        url = reverse("grids:node-cards", args=[obj.pk])
        return format_html('<a href="{}" target="_blank">{}</a>', url, _("print"))

    def _is_scope_root(self, request: HttpRequest, obj: Node | None) -> bool:
        scope = scope_for(request.user)
        return obj is not None and not scope.everything and scope.node == obj

    def get_readonly_fields(self, request: HttpRequest, obj: Node | None = None) -> list[str]:
        if self._is_scope_root(request, obj):
            return ["parent", "kind", "code"]
        if obj is not None:
            # A node's kind is fixed once created; move it or create another instead.
            return ["kind"]
        return []

    def get_form(self, request: HttpRequest, obj: Node | None = None, **kwargs: Any):
        form = super().get_form(request, obj, **kwargs)
        scope = scope_for(request.user)
        if scope.everything or scope.node is None:
            return form
        if "parent" in form.base_fields:
            # Only a superuser may create a new street (a root).
            form.base_fields["parent"].required = True
        if "kind" in form.base_fields:
            allowed = set(kinds_below(scope.node.kind))
            field = form.base_fields["kind"]
            field.choices = [(v, label) for v, label in field.choices if v in allowed or not v]
        return form

    def get_inline_instances(self, request: HttpRequest, obj: Node | None = None):
        if obj is None:
            return []
        return [inline(self.model, self.admin_site) for inline in INLINES_BY_KIND[obj.kind]]

    def has_delete_permission(self, request: HttpRequest, obj: Node | None = None) -> bool:
        if self._is_scope_root(request, obj):
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: Node, form: Any, change: bool) -> None:
        tree_services.node_save(node=obj)

    def delete_model(self, request: HttpRequest, obj: Node) -> None:
        tree_services.node_delete(node=obj)


STEWARD_FIELDS = (
    "building",
    "name",
    "phone",
    "card_number",
    "wechat_group_name",
    "wechat_group_link",
    "show_publicly",
)
LEADER_FIELDS = ("grid", "name", "phone", "position")


def _assignment(form: Any, names: tuple[str, ...], current: Any = None) -> dict[str, Any]:
    """Return the assignment service's arguments: the form's values, and on a change the
    current row's for the fields the form shows read-only."""
    return {
        name: form.cleaned_data[name] if name in form.cleaned_data else getattr(current, name)
        for name in names
    }


@admin.register(Steward)
class StewardAdmin(ServiceAdminMixin, admin.ModelAdmin):
    """Stewards are assigned through steward_assign, which also records their consent to
    being named on public pages (show_publicly)."""

    scope_path = "building"
    # A steward stays with their building; another building's steward is assigned there.
    change_fields = STEWARD_FIELDS[1:]
    list_display = [
        "name",
        "building_path",
        "phone",
        "show_publicly",
        "card_number",
        "wechat_group_name",
        "card",
    ]
    list_filter = ["show_publicly", community_filter_for("building")]
    search_fields = ["name", "phone", "card_number", "building__name", "building__code_path"]
    list_select_related = ["building"]
    autocomplete_fields = ["building"]
    list_per_page = 100

    @admin.display(description=_("building"), ordering="building__code_path")
    def building_path(self, obj: Steward) -> str:
        return obj.building.code_path

    @admin.display(description=_("service card"))
    def card(self, obj: Steward) -> str:
        url = reverse("grids:steward-card", args=[obj.pk])
        return format_html('<a href="{}" target="_blank">{}</a>', url, _("print"))

    def service_create(self, request: HttpRequest, form: Any) -> Steward:
        return tree_services.steward_assign(**_assignment(form, STEWARD_FIELDS))

    def service_change(self, request: HttpRequest, steward: Steward, form: Any) -> Steward:
        return tree_services.steward_assign(**_assignment(form, STEWARD_FIELDS, steward))

    def service_delete(self, request: HttpRequest, steward: Steward) -> None:
        tree_services.steward_remove(steward=steward)


@admin.register(GridLeader)
class GridLeaderAdmin(ServiceAdminMixin, admin.ModelAdmin):
    scope_path = "grid"
    change_fields = LEADER_FIELDS[1:]  # a leader stays with their grid
    list_display = ["name", "grid", "phone", "position"]
    list_filter = [community_filter_for("grid")]
    search_fields = ["name", "phone", "grid__name"]
    list_select_related = ["grid"]
    autocomplete_fields = ["grid"]

    def service_create(self, request: HttpRequest, form: Any) -> GridLeader:
        return tree_services.grid_leader_assign(**_assignment(form, LEADER_FIELDS))

    def service_change(self, request: HttpRequest, leader: GridLeader, form: Any) -> GridLeader:
        return tree_services.grid_leader_assign(**_assignment(form, LEADER_FIELDS, leader))

    def service_delete(self, request: HttpRequest, leader: GridLeader) -> None:
        tree_services.grid_leader_remove(leader=leader)


@admin.register(CadreAssignment)
class CadreAssignmentAdmin(ScopedAdminMixin, admin.ModelAdmin):
    scope_path = "grid"
    list_display = ["name", "grid", "phone", "position"]
    list_filter = [community_filter_for("grid")]
    search_fields = ["name", "grid__name"]
    list_select_related = ["grid"]
    autocomplete_fields = ["grid"]


@admin.register(ZoneLiaison)
class ZoneLiaisonAdmin(ScopedAdminMixin, admin.ModelAdmin):
    scope_path = "zone"
    list_display = ["name", "zone", "phone"]
    search_fields = ["name", "zone__name"]
    list_select_related = ["zone"]
    autocomplete_fields = ["zone"]
