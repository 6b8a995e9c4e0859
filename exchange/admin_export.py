"""Excel and CSV export on every admin list, with the list's filters and search applied.

django-import-export's ExportMixin builds the export from the admin's own change list, so what
is exported is exactly what the list shows: the user's scope, filters and search. Models that
have an import keep the import's columns, so an export can be edited and imported back.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from import_export.admin import ExportMixin

from common.cells import safe_dataset

from .access import scope_for
from .columns import AllianceResource
from .registry import KINDS


class SpreadsheetExportMixin(ExportMixin):
    def get_data_for_export(self, request: HttpRequest, queryset: Any, **kwargs: Any) -> Any:
        # Every admin export (button and action, XLSX and CSV) passes through here, so no cell
        # of it can run as a formula in the reader's spreadsheet program.
        return safe_dataset(super().get_data_for_export(request, queryset, **kwargs))

    def get_export_resource_kwargs(self, request: HttpRequest, **kwargs: Any) -> dict[str, Any]:
        kwargs = super().get_export_resource_kwargs(request, **kwargs)
        resource = self.get_export_resource_classes(request)[0]
        if issubclass(resource, AllianceResource):
            kwargs["scope"] = scope_for(request.user)
        return kwargs


def add_export_to_every_admin(site: admin.AdminSite = admin.site) -> None:
    """Give every registered ModelAdmin the export button, with the import's resource where the
    model has one."""
    resources = {kind.resource_class._meta.model: kind.resource_class for kind in KINDS.values()}
    for model, model_admin in list(site._registry.items()):
        if isinstance(model_admin, ExportMixin):
            continue
        base = type(model_admin)
        attrs: dict[str, Any] = {"__module__": base.__module__}
        if model in resources:
            attrs["resource_classes"] = [resources[model]]
        site.unregister(model)
        site.register(model, type(base.__name__, (SpreadsheetExportMixin, base), attrs))
