from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts.admin_mixins import ReadOnlyAdminMixin, ScopedAdminMixin, community_filter_for
from accounts.admin_workflow import ServiceAdminMixin, apply_changes
from common.masking import mask_phone

from .models import MicroWish, ServiceOffer, ServiceRequest
from .services import offer_save


@admin.register(ServiceOffer)
class ServiceOfferAdmin(ServiceAdminMixin, admin.ModelAdmin):
    """A unit's service menu, saved through the service desk's offer_save (never deleted here:
    an offer no longer given is marked so, and requests keep pointing at it)."""

    scope_path = "unit__community"
    list_display = ["title", "unit", "category", "place", "hours", "active"]
    list_filter = ["category", "active", community_filter_for("unit__community")]
    search_fields = ["title", "unit__name", "place"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit"]
    change_fields = "__all__"  # offer_save takes every field of the offer

    def service_create(self, request: HttpRequest, form: Any) -> ServiceOffer:
        return offer_save(offer=form.save(commit=False))

    def service_change(self, request: HttpRequest, offer: ServiceOffer, form: Any) -> ServiceOffer:
        return offer_save(offer=apply_changes(offer, form))


class CaseAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    """Read here; every move goes through the service desk, which keeps the history.

    The resident's phone is masked: only the person handling the case sees it, on the desk.
    The tracking code is the resident's key and is never shown, listed or searched here.
    """

    scope_path = "community"
    list_filter = ["status", community_filter_for("community")]
    list_select_related = ["community"]

    @admin.display(description=_("phone"))
    def masked_phone(self, obj: Any) -> str:
        return mask_phone(obj.resident_phone)


@admin.register(MicroWish)
class MicroWishAdmin(CaseAdmin):
    list_display = ["title", "community", "status", "claimed_unit", "created_at"]
    search_fields = ["title"]
    fields = [
        "community",
        "place",
        "title",
        "description",
        "resident_name",
        "masked_phone",
        "assisted_by",
        "status",
        "claimed_unit",
        "claimed_by",
        "proof",
        "rating",
        "expires_on",
        "created_at",
    ]
    readonly_fields = fields
    list_select_related = ["community", "claimed_unit"]


@admin.register(ServiceRequest)
class ServiceRequestAdmin(CaseAdmin):
    list_display = [
        "id",
        "category",
        "community",
        "status",
        "unit",
        "due_at",
        "reopen_count",
    ]
    search_fields = ["description"]
    fields = [
        "community",
        "place",
        "category",
        "offer",
        "description",
        "resident_name",
        "masked_phone",
        "assisted_by",
        "status",
        "unit",
        "report",
        "rating",
        "reopen_count",
        "created_at",
        "due_at",
        "closed_at",
    ]
    readonly_fields = fields
    list_select_related = ["community", "unit"]
