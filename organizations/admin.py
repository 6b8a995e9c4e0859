from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from mptt.admin import MPTTModelAdmin

from accounts.admin_mixins import CommunityFilter, community_filter_for
from accounts.admin_workflow import ServiceAdminMixin, ServiceInlineMixin, apply_changes, changed
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

ORGANIZATION_FIELDS = (
    "kind",
    "name",
    "secretary_name",
    "secretary_phone",
    "member_count",
    "founded_on",
)


def _organization(form: Any, names: tuple[str, ...] = ORGANIZATION_FIELDS) -> dict[str, Any]:
    """Return party_organization_create's arguments among `names` that the form gives."""
    return {name: form.cleaned_data[name] for name in names if name in form.cleaned_data}


class PartyOrganizationInline(ServiceInlineMixin, admin.TabularInline):
    """A place's party organisations, written through the party organisation services."""

    model = PartyOrganization
    fk_name = "node"
    scope_path = "node"
    extra = 0
    fields = list(ORGANIZATION_FIELDS)
    change_fields = ORGANIZATION_FIELDS

    def service_create(self, request: HttpRequest, node: Node, form: Any) -> PartyOrganization:
        return services.party_organization_create(node=node, **_organization(form))

    def service_change(
        self, request: HttpRequest, organization: PartyOrganization, form: Any
    ) -> PartyOrganization:
        return services.party_organization_update(
            organization=organization, **changed(form, self.change_fields)
        )

    def service_delete(self, request: HttpRequest, organization: PartyOrganization) -> None:
        services.party_organization_delete(organization=organization)


@admin.register(PartyOrganization)
class PartyOrganizationAdmin(ServiceAdminMixin, admin.ModelAdmin):
    scope_path = "node"
    list_display = ["name", "kind", "node_path", "secretary_name", "member_count", "founded_on"]
    list_filter = ["kind"]
    search_fields = ["name", "secretary_name", "node__name"]
    list_select_related = ["node"]
    autocomplete_fields = ["node"]
    list_per_page = 100
    change_fields = services.PARTY_ORGANIZATION_CHANGEABLE

    @admin.display(description=_("attached to"), ordering="node__code_path")
    def node_path(self, obj: PartyOrganization) -> str:
        return f"{obj.node.name} ({obj.node.code_path})"

    def service_create(self, request: HttpRequest, form: Any) -> PartyOrganization:
        data = form.cleaned_data
        return services.party_organization_create(
            node=data["node"], unit=data.get("unit"), **_organization(form)
        )

    def service_change(
        self, request: HttpRequest, organization: PartyOrganization, form: Any
    ) -> PartyOrganization:
        return services.party_organization_update(
            organization=organization, **changed(form, self.change_fields)
        )

    def service_delete(self, request: HttpRequest, organization: PartyOrganization) -> None:
        services.party_organization_delete(organization=organization)


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
    """A member unit's own party organisations, attached to a place of the unit's choosing."""

    fk_name = "unit"
    fields = ["node", "kind", "name", "secretary_name", "secretary_phone", "member_count"]
    change_fields = tuple(fields)

    def service_create(self, request: HttpRequest, unit: Unit, form: Any) -> PartyOrganization:
        return services.party_organization_create(
            unit=unit, node=form.cleaned_data["node"], **_organization(form)
        )


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
    search_fields = ["name", "credit_code", "leader_name", "address"]
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
CADRE_FIELDS = ("grid", "name", "phone", "position")
LIAISON_FIELDS = ("zone", "name", "phone")


def _assignment(form: Any, names: tuple[str, ...], current: Any = None) -> dict[str, Any]:
    """Return the assignment service's arguments: the form's values, and on a change the
    current row's for the fields the form shows read-only (or, inline, the parent's)."""
    return {
        name: form.cleaned_data[name] if name in form.cleaned_data else getattr(current, name)
        for name in names
    }


class GridLeaderInline(ServiceInlineMixin, admin.StackedInline):
    """The grid's leader, assigned and removed through grid_leader_assign/_remove."""

    model = GridLeader
    scope_path = "grid"
    fields = list(LEADER_FIELDS[1:])
    change_fields = LEADER_FIELDS[1:]

    def service_create(self, request: HttpRequest, grid: Node, form: Any) -> GridLeader:
        return tree_services.grid_leader_assign(grid=grid, **_assignment(form, LEADER_FIELDS[1:]))

    def service_change(self, request: HttpRequest, leader: GridLeader, form: Any) -> GridLeader:
        return tree_services.grid_leader_assign(**_assignment(form, LEADER_FIELDS, leader))

    def service_delete(self, request: HttpRequest, leader: GridLeader) -> None:
        tree_services.grid_leader_remove(leader=leader)


class CadreAssignmentInline(ServiceInlineMixin, admin.TabularInline):
    """Street cadres assigned to the grid (cadre_assign, cadre_update, cadre_remove)."""

    model = CadreAssignment
    scope_path = "grid"
    extra = 0
    fields = list(CADRE_FIELDS[1:])
    change_fields = CADRE_FIELDS[1:]

    def service_create(self, request: HttpRequest, grid: Node, form: Any) -> CadreAssignment:
        return tree_services.cadre_assign(grid=grid, **_assignment(form, CADRE_FIELDS[1:]))

    def service_change(
        self, request: HttpRequest, assignment: CadreAssignment, form: Any
    ) -> CadreAssignment:
        return tree_services.cadre_update(
            assignment=assignment, **_assignment(form, CADRE_FIELDS[1:], assignment)
        )

    def service_delete(self, request: HttpRequest, assignment: CadreAssignment) -> None:
        tree_services.cadre_remove(assignment=assignment)


class StewardInline(ServiceInlineMixin, admin.StackedInline):
    """The building's steward, through steward_assign (with their consent) and steward_remove."""

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
    change_fields = STEWARD_FIELDS[1:]

    def service_create(self, request: HttpRequest, building: Node, form: Any) -> Steward:
        return tree_services.steward_assign(
            building=building, **_assignment(form, STEWARD_FIELDS[1:])
        )

    def service_change(self, request: HttpRequest, steward: Steward, form: Any) -> Steward:
        return tree_services.steward_assign(**_assignment(form, STEWARD_FIELDS, steward))

    def service_delete(self, request: HttpRequest, steward: Steward) -> None:
        tree_services.steward_remove(steward=steward)


class ZoneLiaisonInline(ServiceInlineMixin, admin.StackedInline):
    """The zone's liaison, through liaison_assign and liaison_remove."""

    model = ZoneLiaison
    scope_path = "zone"
    fields = list(LIAISON_FIELDS[1:])
    change_fields = LIAISON_FIELDS[1:]

    def service_create(self, request: HttpRequest, zone: Node, form: Any) -> ZoneLiaison:
        return tree_services.liaison_assign(zone=zone, **_assignment(form, LIAISON_FIELDS[1:]))

    def service_change(self, request: HttpRequest, liaison: ZoneLiaison, form: Any) -> ZoneLiaison:
        return tree_services.liaison_assign(**_assignment(form, LIAISON_FIELDS, liaison))

    def service_delete(self, request: HttpRequest, liaison: ZoneLiaison) -> None:
        tree_services.liaison_remove(liaison=liaison)


INLINES_BY_KIND = {
    NodeKind.STREET: [PartyOrganizationInline],
    NodeKind.ZONE: [ZoneLiaisonInline, PartyOrganizationInline],
    NodeKind.COMMUNITY: [PartyOrganizationInline],
    NodeKind.GRID: [GridLeaderInline, CadreAssignmentInline, PartyOrganizationInline],
    NodeKind.COMPOUND: [PartyOrganizationInline],
    NodeKind.BUILDING: [StewardInline],
}


@admin.register(Node)
class NodeAdmin(ServiceAdminMixin, MPTTModelAdmin):
    """Every write of the tree through node_save and node_delete; the people and party
    organisations of a place, inline, through their own services."""

    list_display = ["name", "kind_column", "code_path", "address", "card_link"]
    list_filter = ["kind", "grid_level", CommunityFilter]
    search_fields = ["name", "code_path", "address"]
    autocomplete_fields = ["parent"]
    list_per_page = 100
    mptt_level_indent = 18
    actions = None
    # Each kind of place shows its own (get_inline_instances); listed whole for the checks.
    inlines = list(dict.fromkeys(i for kind in INLINES_BY_KIND.values() for i in kind))
    fieldsets = [
        (None, {"fields": ["parent", "kind", "name", "code", "address"]}),
        (
            _("Location and figures"),
            {
                "fields": [
                    ("latitude", "longitude"),
                    ("households", "residents", "floating_population", "resident_party_members"),
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

    change_fields = "__all__"

    def get_readonly_fields(self, request: HttpRequest, obj: Node | None = None) -> list[str]:
        fields = super().get_readonly_fields(request, obj)
        if self._is_scope_root(request, obj):
            return [*fields, "parent", "kind", "code"]
        if obj is not None:
            # A node's kind is fixed once created; move it or create another instead.
            return [*fields, "kind"]
        return fields

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

    def service_create(self, request: HttpRequest, form: Any) -> Node:
        return tree_services.node_save(node=form.save(commit=False))

    def service_change(self, request: HttpRequest, node: Node, form: Any) -> Node:
        return tree_services.node_save(node=apply_changes(node, form))

    def service_delete(self, request: HttpRequest, node: Node) -> None:
        tree_services.node_delete(node=node)


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
class CadreAssignmentAdmin(ServiceAdminMixin, admin.ModelAdmin):
    """Street cadres assigned through cadre_assign; a cadre stays with their grid."""

    scope_path = "grid"
    change_fields = CADRE_FIELDS[1:]
    list_display = ["name", "grid", "phone", "position"]
    list_filter = [community_filter_for("grid")]
    search_fields = ["name", "grid__name"]
    list_select_related = ["grid"]
    autocomplete_fields = ["grid"]

    def service_create(self, request: HttpRequest, form: Any) -> CadreAssignment:
        return tree_services.cadre_assign(**_assignment(form, CADRE_FIELDS))

    def service_change(
        self, request: HttpRequest, assignment: CadreAssignment, form: Any
    ) -> CadreAssignment:
        return tree_services.cadre_update(
            assignment=assignment, **_assignment(form, CADRE_FIELDS[1:], assignment)
        )

    def service_delete(self, request: HttpRequest, assignment: CadreAssignment) -> None:
        tree_services.cadre_remove(assignment=assignment)


@admin.register(ZoneLiaison)
class ZoneLiaisonAdmin(ServiceAdminMixin, admin.ModelAdmin):
    """Liaisons assigned through liaison_assign; a liaison stays with their zone."""

    scope_path = "zone"
    change_fields = LIAISON_FIELDS[1:]
    list_display = ["name", "zone", "phone"]
    search_fields = ["name", "zone__name"]
    list_select_related = ["zone"]
    autocomplete_fields = ["zone"]

    def service_create(self, request: HttpRequest, form: Any) -> ZoneLiaison:
        return tree_services.liaison_assign(**_assignment(form, LIAISON_FIELDS))

    def service_change(self, request: HttpRequest, liaison: ZoneLiaison, form: Any) -> ZoneLiaison:
        return tree_services.liaison_assign(**_assignment(form, LIAISON_FIELDS, liaison))

    def service_delete(self, request: HttpRequest, liaison: ZoneLiaison) -> None:
        tree_services.liaison_remove(liaison=liaison)
