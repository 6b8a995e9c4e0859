"""The back office's admin site: Django's, with every list exporting to Excel and CSV."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportMixin

from accounts.forms import SignInForm
from exchange.admin_export import SpreadsheetExportMixin


class AllianceAdminSite(admin.AdminSite):
    """Each ModelAdmin registered here, the project's and the libraries' (audit log, beat
    schedules), gains the export button and action with the list's scope, filters and search."""

    site_header = _("Regional Party-building alliance")
    site_title = _("Alliance portal")
    index_title = _("Street office back office")
    # Name and password, plus the authenticator app's code for those who turned two-step on.
    login_form = SignInForm
    login_template = "admin/sign_in.html"

    def get_urls(self) -> list[Any]:
        return [
            path("ledger/", self.admin_view(self.ledger_view), name="ledger"),
            *super().get_urls(),
        ]

    def ledger_view(self, request: HttpRequest) -> HttpResponse:
        """The inspection ledger (台账), in the back office's frame."""
        from dashboard.views import ledger

        return ledger(request, extra_context=self.each_context(request))

    def each_context(self, request: Any) -> dict[str, Any]:
        context = super().each_context(request)
        context["ledger_url"] = reverse("admin:ledger")
        return context

    def register(self, model_or_iterable: Any, admin_class: Any = None, **options: Any) -> None:
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, ExportMixin):
            admin_class = type(
                admin_class.__name__,
                (SpreadsheetExportMixin, admin_class),
                {"__module__": admin_class.__module__},
            )
        super().register(model_or_iterable, admin_class, **options)
