from django.contrib import admin

from accounts.admin_mixins import ScopedAdminMixin, ScopedInlineMixin, community_filter_for

from .models import ServiceSite, SitePhoto


class SitePhotoInline(ScopedInlineMixin, admin.TabularInline):
    model = SitePhoto
    scope_path = "site__node"
    extra = 1
    fields = ["image", "caption", "position"]


@admin.register(ServiceSite)
class ServiceSiteAdmin(ScopedAdminMixin, admin.ModelAdmin):
    scope_path = "node"
    list_display = ["name", "kind", "node", "unit", "address", "hours", "active"]
    list_filter = ["kind", "active", community_filter_for("node")]
    search_fields = ["name", "address", "services"]
    list_select_related = ["node", "unit"]
    autocomplete_fields = ["node", "unit"]
    readonly_fields = ["offer"]
    inlines = [SitePhotoInline]
