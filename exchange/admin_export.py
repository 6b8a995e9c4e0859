"""Excel and CSV export on every admin list, with the list's filters and search applied.

django-import-export's ExportMixin builds the export from the admin's own change list, so what
is exported is exactly what the list shows: the user's scope, filters and search. Models that
have an import keep the import's columns, so an export can be edited and imported back.

The mixin is added by the back office's admin site when an admin is registered
(config/admin_site.py), not by rewriting the admin registry afterwards.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from import_export.admin import ExportMixin

from common.cells import safe_dataset

from .access import scope_for
from .columns import AllianceResource
from .registry import KINDS


class SpreadsheetExportMixin(ExportMixin):
    """The export of an admin list. The back office's admin site (config/admin_site.py) mixes
    it into every ModelAdmin it registers."""

    def get_export_resource_classes(self, request: HttpRequest | None) -> list[type]:
        # The import's columns where an app registered an import for this model: an export can
        # then be edited and imported back. Looked up per request: the apps register their
        # imports in ready(), which may run after the admin modules are discovered.
        if not self.resource_classes:
            for kind in KINDS.values():
                if kind.resource_class._meta.model is self.model:
                    return [kind.resource_class]
        return super().get_export_resource_classes(request)

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
