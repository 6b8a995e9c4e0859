from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from accounts.admin_mixins import community_filter_for
from accounts.admin_workflow import ServiceAdminMixin, ServiceInlineMixin, changed

from . import services
from .models import ServiceSite, SitePhoto


class SitePhotoInline(ServiceInlineMixin, admin.TabularInline):
    """Photos through site_photo_add/_update/_delete: the upload policy checks each file, and
    the stored picture is re-encoded (no EXIF or GPS) under a random name."""

    model = SitePhoto
    scope_path = "site__node"
    extra = 1
    fields = list(services.PHOTO_CHANGEABLE)
    change_fields = services.PHOTO_CHANGEABLE

    def service_create(self, request: HttpRequest, site: ServiceSite, form: Any) -> SitePhoto:
        data = form.cleaned_data
        return services.site_photo_add(
            site=site, image=data["image"], caption=data["caption"], position=data["position"]
        )

    def service_change(self, request: HttpRequest, photo: SitePhoto, form: Any) -> SitePhoto:
        return services.site_photo_update(photo=photo, **changed(form, self.change_fields))

    def service_delete(self, request: HttpRequest, photo: SitePhoto) -> None:
        services.site_photo_delete(photo=photo)


@admin.register(ServiceSite)
class ServiceSiteAdmin(ServiceAdminMixin, admin.ModelAdmin):
    """Sites entered by hand, through site_create/_update/_delete. A site that shows a unit's
    service-menu entry follows the entry (sync_offer_site) and is only read here."""

    scope_path = "node"
    list_display = ["name", "kind", "node", "unit", "address", "hours", "active"]
    list_filter = ["kind", "active", community_filter_for("node")]
    search_fields = ["name", "address", "services"]
    list_select_related = ["node", "unit"]
    autocomplete_fields = ["node", "unit"]
    readonly_fields = ["offer"]
    inlines = [SitePhotoInline]
    change_fields = services.SITE_FIELDS

    def get_readonly_fields(self, request: HttpRequest, obj: ServiceSite | None = None):
        fields = super().get_readonly_fields(request, obj)
        if obj is not None and obj.offer_id is not None:
            return [*fields, *(name for name in services.SITE_FIELDS if name not in fields)]
        return fields

    def service_create(self, request: HttpRequest, form: Any) -> ServiceSite:
        data = form.cleaned_data
        return services.site_create(**{name: data[name] for name in services.SITE_FIELDS})

    def service_change(self, request: HttpRequest, site: ServiceSite, form: Any) -> ServiceSite:
        return services.site_update(site=site, **changed(form, self.change_fields))

    def service_delete(self, request: HttpRequest, site: ServiceSite) -> None:
        services.site_delete(site=site)
