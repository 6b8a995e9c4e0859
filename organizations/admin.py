from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from accounts.admin_mixins import ScopedAdminMixin, ScopedInlineMixin

from .models import PartyOrganization


class PartyOrganizationInline(ScopedInlineMixin, admin.TabularInline):
    model = PartyOrganization
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
