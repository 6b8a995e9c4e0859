"""Excel and CSV export on every admin list, with the list's filters and search applied.

django-import-export's ExportMixin builds the export from the admin's own change list, so what
is exported is exactly what the list shows: the user's scope, filters and search. Models that
have an import keep the import's columns, so an export can be edited and imported back; the
others are exported with their fields' names in the reader's language, choices as their labels
and related records by name (LabelledModelResource). The Excel file is written by
exchange.workbook: widths, a bold frozen header, dates as dates, drop-downs and instructions.

The mixin is added by the back office's admin site when an admin is registered
(config/admin_site.py), not by rewriting the admin registry afterwards.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import resources, widgets
from import_export.admin import ExportMixin
from import_export.formats.base_formats import XLSX

from common.cells import safe_dataset

from .access import scope_for
from .columns import AllianceResource, field_spec
from .registry import KINDS
from .workbook import ColumnSpec, workbook_bytes

# Never exported: what would let the reader sign in as someone or forge a code (a password
# hash, an API token, an authenticator's key, a QR code's secret).
SECRET_FIELDS = frozenset({"password", "key", "token", "secret"})


def is_secret(field: models.Field) -> bool:
    return field.name in SECRET_FIELDS or field.name.endswith(("_secret", "_token", "_key"))


def column_title(field: models.Field) -> Any:
    """Return a field's header: its verbose name; for a foreign key that has none of its own
    (Django makes one of the field's name), the related model's."""
    name = field.verbose_name
    if field.is_relation and field.related_model and name == field.name.replace("_", " "):
        name = field.related_model._meta.verbose_name
    return capfirst(name)


class LabelWidget(widgets.Widget):
    """A choice, exported as its label in the reader's language."""

    def __init__(self, choices: Any) -> None:
        super().__init__()
        self.labels = dict(choices)

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        if value in (None, ""):
            return ""
        return str(self.labels.get(value, value))

    def describe(self) -> dict[str, Any]:
        return {"choices": tuple(str(label) for label in self.labels.values())}


class YesNoLabelWidget(widgets.Widget):
    """A yes/no field, exported as the reader's Yes or No (是/否 in Chinese)."""

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        if value is None:
            return ""
        return _("Yes") if value else _("No")

    def describe(self) -> dict[str, Any]:
        return {"choices": (_("Yes"), _("No"))}


class NameWidget(widgets.Widget):
    """A related record, exported by its name (str())."""

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        return "" if value is None else str(value)


class LabelledModelResource(resources.ModelResource):
    """The export of a model that has no import: every field but the secret ones, headed by
    its verbose name."""

    @classmethod
    def field_from_django_field(cls, field_name: str, django_field: Any, readonly: bool) -> Any:
        field = super().field_from_django_field(field_name, django_field, readonly)
        if django_field.primary_key:
            field.column_name = gettext_lazy("Record number")
        else:
            field.column_name = column_title(django_field)
        if django_field.choices:
            field.widget = LabelWidget(django_field.flatchoices)
        elif isinstance(django_field, models.BooleanField):
            field.widget = YesNoLabelWidget()
        elif isinstance(django_field, models.ForeignKey):
            field.attribute = field_name
            field.widget = NameWidget()
        return field

    @classmethod
    def related_names(cls) -> list[str]:
        """The foreign keys the export names, to read with the rows."""
        model = cls._meta.model
        return [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.ForeignKey) and f.name in cls.fields
        ]


@cache
def labelled_resource(model: type[models.Model]) -> type[LabelledModelResource]:
    """Return the export resource of a model without an import (one class per model)."""
    secret = [f.name for f in model._meta.concrete_fields if is_secret(f)]
    return resources.modelresource_factory(
        model, resource_class=LabelledModelResource, meta_options={"exclude": secret}
    )


def _specs(resource: Any, headers: list[str]) -> list[ColumnSpec]:
    """Describe the exported columns, in the dataset's order."""
    model = resource._meta.model
    by_header = {str(f.column_name): f for f in resource.get_export_fields()}
    specs = []
    for header in headers:
        field = by_header.get(str(header))
        if field is None:
            specs.append(ColumnSpec(header=str(header)))
            continue
        help_text = getattr(resource, "column_help", {}).get(field.column_name, "")
        specs.append(field_spec(field, model, meaning=help_text))
    return specs


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
            return [labelled_resource(self.model)]
        return super().get_export_resource_classes(request)

    def get_export_queryset(self, request: HttpRequest) -> Any:
        queryset = super().get_export_queryset(request)
        resource = self.get_export_resource_classes(request)[0]
        if issubclass(resource, LabelledModelResource):
            queryset = queryset.select_related(*resource.related_names())
        return queryset

    def get_data_for_export(self, request: HttpRequest, queryset: Any, **kwargs: Any) -> Any:
        # Every admin export (button and action, XLSX and CSV) passes through here, so no cell
        # of it can run as a formula in the reader's spreadsheet program.
        return safe_dataset(super().get_data_for_export(request, queryset, **kwargs))

    def get_export_data(self, file_format: Any, request: HttpRequest, queryset: Any, **kwargs):
        if not isinstance(file_format, XLSX):
            return super().get_export_data(file_format, request, queryset, **kwargs)
        if not self.has_export_permission(request):
            raise PermissionDenied
        data = self.get_data_for_export(request, queryset, force_native_type=True, **kwargs)
        export_class = self.choose_export_resource_class(kwargs.get("export_form"), request)
        resource = export_class(**self.get_export_resource_kwargs(request))
        specs = _specs(resource, list(data.headers or []))
        opts = self.model._meta
        notes = [
            capfirst(opts.verbose_name_plural),
            _("Exported on %(when)s: %(count)s rows, as the list showed them.")
            % {
                "when": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
                "count": len(data),
            },
        ]
        if isinstance(resource, AllianceResource):
            notes.append(
                _(
                    "This file can be corrected and imported back (Imports and exports → "
                    "Import a spreadsheet); rows that change nothing are left as they are."
                )
            )
        return workbook_bytes(
            title=capfirst(opts.verbose_name_plural), specs=specs, rows=data, notes=notes
        )

    def get_export_resource_kwargs(self, request: HttpRequest, **kwargs: Any) -> dict[str, Any]:
        kwargs = super().get_export_resource_kwargs(request, **kwargs)
        resource = self.get_export_resource_classes(request)[0]
        if issubclass(resource, AllianceResource):
            kwargs["scope"] = scope_for(request.user)
        return kwargs
