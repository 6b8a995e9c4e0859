"""What every spreadsheet import shares: Chinese column headers, places named by their name,
code or code path, choices given by their Chinese (or English) label or their code, scope
checks and all-or-nothing runs.

Column headers are part of the file format street offices already use, so they stay Chinese
whatever language the page is shown in.
"""

from __future__ import annotations

import copy
import datetime
from typing import Any, Protocol

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import CharField, Choices, Model, TextField
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from import_export import resources, widgets
from import_export.instance_loaders import ModelInstanceLoader

from .text import fold_width, text_key
from .workbook import CellKind, ColumnSpec


class Place(Protocol):
    """A place on the tree as exchange sees it: only its code path (grids.models.Node is one)."""

    code_path: str


class Scope(Protocol):
    """The part of a user's scope an import checks (accounts.scope.Scope is one): everything,
    or the subtree of one place. exchange knows no domain app, so it names only this shape."""

    everything: bool

    @property
    def node(self) -> Place | None: ...


def in_scope(scope: Scope | None, node: Place | None) -> bool:
    """Return whether `node` is inside `scope`, by code path (it holds while the tree is being
    rebuilt during an import, when lft/rght are not final). A district's scope admits nothing
    here: its streets keep their own paths, and district staff do not import."""
    if scope is None or scope.everything:
        return True
    if scope.node is None or node is None:
        return False
    root = scope.node.code_path
    return node.code_path == root or node.code_path.startswith(f"{root}/")


def model_field(model: type[Model], attribute: str | None) -> models.Field | None:
    """Return the model field a resource field fills, or None for a column of its own."""
    if not attribute or "__" in attribute:
        return None
    try:
        return model._meta.get_field(attribute.removesuffix("_id"))
    except FieldDoesNotExist:
        return None


def field_spec(
    field: Any,
    model: type[Model],
    *,
    meaning: Any = "",
    required: bool | None = None,
    choices: tuple[str, ...] | None = None,
) -> ColumnSpec:
    """Describe a resource's column for a workbook: what it holds (the model field's name and
    help text unless `meaning` says), whether it is required (a model field that may not be
    blank and has no default, unless `required` says), its drop-down and its format (from
    the widget's describe(), else from the model field)."""
    described = getattr(field.widget, "describe", None)
    info: dict[str, Any] = described() if callable(described) else {}
    target = model_field(model, field.attribute)
    if not meaning and target is not None:
        meaning = capfirst(str(target.verbose_name))
        if target.help_text:
            meaning = _("%(name)s: %(help)s") % {"name": meaning, "help": target.help_text}
    if required is None:
        required = bool(
            target is not None
            and not target.blank
            and not target.has_default()
            and not getattr(target, "auto_now_add", False)
            and not getattr(target, "auto_now", False)
        )
    kind = CellKind(info.get("kind", CellKind.TEXT))
    if "kind" not in info and target is not None:
        if isinstance(target, models.DateTimeField):
            kind = CellKind.DATETIME
        elif isinstance(target, models.DateField):
            kind = CellKind.DATE
        elif isinstance(target, (models.IntegerField, models.FloatField, models.DecimalField)):
            kind = CellKind.NUMBER
    if choices is None:
        choices = tuple(info.get("choices", ()))
    return ColumnSpec(
        header=str(field.column_name),
        meaning=str(meaning),
        required=required,
        choices=choices,
        format=str(info.get("format", "")),
        kind=kind,
    )


class DayWidget(widgets.DateWidget):
    """A date as Excel stores it, or written 2024-03-01, 2024/3/1, 2024.3.1 or 2024年3月1日."""

    FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日")

    def __init__(self) -> None:
        super().__init__("%Y-%m-%d")

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> datetime.date | None:
        if value in (None, ""):
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = fold_width(str(value)).strip()
        for pattern in self.FORMATS:
            try:
                return datetime.datetime.strptime(text, pattern).date()
            except ValueError:
                continue
        raise ValueError(
            _("“%(value)s” is not a date; write it like 2024-03-01.") % {"value": text}
        )

    def describe(self) -> dict[str, Any]:
        """What the instructions sheet and the template say of this column."""
        return {"kind": CellKind.DATE, "format": _("A date, like 2024-03-01.")}


def _number_text(value: Any) -> Any:
    """A number typed as text as a clerk types it: full-width digits, thousands separators
    and stray spaces are read past."""
    if isinstance(value, str):
        return fold_width(value).replace(",", "").replace(" ", "").strip()
    return value


class NumberWidget(widgets.DecimalWidget):
    """A number; anything else is reported in plain words, not as a conversion error."""

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Any:
        try:
            return super().clean(_number_text(value), row, **kwargs)
        except (ArithmeticError, ValueError, TypeError) as exc:
            raise ValueError(_("“%(value)s” is not a number.") % {"value": value}) from exc

    def describe(self) -> dict[str, Any]:
        return {"kind": CellKind.NUMBER, "format": _("A number, like 36.8512.")}


class WholeNumberWidget(widgets.IntegerWidget):
    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Any:
        try:
            number = super().clean(_number_text(value), row, **kwargs)
        except (ArithmeticError, ValueError, TypeError) as exc:
            raise ValueError(_("“%(value)s” is not a whole number.") % {"value": value}) from exc
        if number is not None and number < 0:
            raise ValueError(_("“%(value)s” is not a whole number.") % {"value": value})
        return number

    def describe(self) -> dict[str, Any]:
        return {"kind": CellKind.NUMBER, "format": _("A whole number, 0 or more.")}


class YesNoWidget(widgets.BooleanWidget):
    """是/否 as well as true/false, 1/0, yes/no; anything else is an error, never a silent no."""

    TRUE_VALUES = [*widgets.BooleanWidget.TRUE_VALUES, "是", "Y", "y", "yes", "Yes", "YES"]
    FALSE_VALUES = [*widgets.BooleanWidget.FALSE_VALUES, "否", "N", "n", "no", "No", "NO"]

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> bool | None:
        text = fold_width(value).strip() if isinstance(value, str) else value
        if text in self.NULL_VALUES:
            return None
        if text in self.TRUE_VALUES:
            return True
        if text in self.FALSE_VALUES:
            return False
        raise ValueError(_("“%(value)s” is neither 是 nor 否.") % {"value": value})

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        return "" if value is None else ("是" if value else "否")

    def describe(self) -> dict[str, Any]:
        return {"choices": ("是", "否")}


class ChoiceWidget(widgets.Widget):
    """A choice written as its Chinese label, its English label or its stored value (the code),
    however its brackets and spaces are typed."""

    def __init__(self, choices: type[Choices]) -> None:
        self.choices = choices
        self.lookup: dict[str, str] = {}
        for language in ("zh-hans", "en"):
            with translation.override(language):
                for value, label in choices.choices:
                    self.lookup[text_key(label)] = value
                    self.lookup[text_key(value)] = value

    def labels(self) -> tuple[str, ...]:
        """The labels a file writes, in Chinese: the column's format whatever the language."""
        with translation.override("zh-hans"):
            return tuple(str(label) for label in self.choices.labels)

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> str:
        text = text_key(value)
        if not text:
            return ""
        if text not in self.lookup:
            raise ValueError(
                _("“%(value)s” is not one of: %(allowed)s.")
                % {"value": value, "allowed": "、".join(self.labels())}
            )
        return self.lookup[text]

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        if not value:
            return ""
        with translation.override("zh-hans"):
            return str(self.choices(value).label)

    def describe(self) -> dict[str, Any]:
        return {"choices": self.labels()}


class BatchInstanceLoader(ModelInstanceLoader):
    """Finds the records a file's rows name by their key columns in one query for the whole
    file, instead of one query a row; records the import saves are remembered as it goes, so a
    key repeated further down the file finds the row saved above it."""

    def __init__(self, resource: Any, dataset: Any = None) -> None:
        super().__init__(resource, dataset)
        model = resource._meta.model
        self.fields = [resource.fields[name] for name in resource.get_import_id_fields()]
        self.model_fields = [model._meta.get_field(f.attribute) for f in self.fields]
        self.known: dict[tuple, Any] = {}
        self.taken: set[tuple] = set()
        self.last_key: tuple = ()
        resource.instance_loader = self
        if dataset is None or not len(dataset):
            return
        wanted: list[set] = [set() for _field in self.fields]
        for row in dataset.dict:
            try:
                key = self.row_key(row)
            except (ValueError, ValidationError):
                continue  # an unreadable key: its field reports it when the row is imported
            for values, value in zip(wanted, key, strict=True):
                values.add(value)
        if not all(wanted):
            return
        lookups = {
            f"{field.attname if field.is_relation else field.name}__in": values
            for field, values in zip(self.model_fields, wanted, strict=True)
        }
        for instance in self.get_queryset().filter(**lookups):
            self.known[self.instance_key(instance)] = instance
        # Keys taken by records the user may not see (outside their scope) count as taken too.
        attnames = [field.attname for field in self.model_fields]
        self.taken = set(model._default_manager.filter(**lookups).values_list(*attnames))

    def row_key(self, row: Any) -> tuple:
        key = []
        for field, model_field in zip(self.fields, self.model_fields, strict=True):
            value = field.clean(row)
            if isinstance(value, Model):
                value = value.pk
            elif value is not None and not model_field.is_relation:
                value = model_field.to_python(value)
            key.append(value)
        return tuple(key)

    def instance_key(self, instance: Any) -> tuple:
        return tuple(getattr(instance, field.attname) for field in self.model_fields)

    def get_instance(self, row: Any) -> Any:
        self.last_key = self.row_key(row)
        return self.known.get(self.last_key)

    def last_key_is_free(self) -> bool:
        """Whether no record holds the key get_instance was last asked for."""
        return self.last_key not in self.taken

    def remember(self, instance: Any) -> None:
        key = self.instance_key(instance)
        self.known[key] = instance
        self.taken.add(key)


def _known_to_exist(instance: Model, name: str) -> bool:
    """Whether the foreign key `name`, which the caller has just set from an object it read
    from the database, holds one that meets the field's limit_choices_to, so that proving it
    exists would take a query and tell nothing. (Reading the attribute costs nothing: the
    object set is the one returned.)"""
    field = type(instance)._meta.get_field(name)
    if not field.many_to_one:
        return False
    related = getattr(instance, name)
    if related is None or related.pk is None or related._state.adding:
        return False
    limit = field.get_limit_choices_to()
    if not limit:
        return True
    if not isinstance(limit, dict) or any("__" in key for key in limit):
        return False
    return all(getattr(related, key, object()) == value for key, value in limit.items())


def full_clean_at_hand(
    instance: Model,
    exclude: Any = (),
    unique_exclude: Any = (),
    validate_unique: bool = True,
    checked_in_clean: Any = (),
    at_hand: Any = (),
) -> None:
    """Model.full_clean, less the queries that prove an object at hand exists (the foreign
    keys named in `at_hand`, just set from objects read from the database), the unique
    checks on `unique_exclude` (fields a caller has checked itself) and the check constraints
    on the fields in `checked_in_clean` (which the model's clean() tests in Python: the
    database's version of the test costs a query a row). Django's public checks only."""
    errors: dict[str, Any] = {}
    exclude = set(exclude)
    known = {name for name in at_hand if name not in exclude and _known_to_exist(instance, name)}
    try:
        instance.full_clean(
            exclude=exclude | known, validate_unique=False, validate_constraints=False
        )
    except ValidationError as exc:
        errors = exc.update_error_dict(errors)
    if validate_unique:
        skip = exclude | set(errors) | set(unique_exclude)
        try:
            instance.validate_unique(exclude=skip)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        try:
            # A constraint on an excluded field is skipped before it builds its query.
            instance.validate_constraints(exclude=skip | set(checked_in_clean))
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


class AllianceResource(resources.ModelResource):
    """A spreadsheet import for one kind of record, checked whole and written all or nothing.

    `scope` limits the places rows may name: a community secretary imports only into their own
    community. `scope_fields` lists the node fields to check.
    """

    scope_fields: tuple[str, ...] = ()
    # The template's example row, by column (the import ignores a row equal to it).
    example: dict[str, Any] = {}
    # What a column holds where the model field's name does not say it, by column.
    column_help: dict[str, Any] = {}
    # Columns the instructions mark as required beyond the model's own required fields.
    required_columns: tuple[str, ...] = ()
    # Columns a file may leave out (added after files were made with the template).
    optional_columns: tuple[str, ...] = ()

    def __init__(self, scope: Scope | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.scope = scope
        for field in self.fields.values():  # each instance has its own copy of the widgets
            bind = getattr(field.widget, "bind_scope", None)
            if callable(bind):
                bind(scope)

    class Meta:
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        use_transactions = True
        store_instance = True
        skip_html_diff = True
        # import-export's diff deep-copies every row's record, new ones too, to compare it
        # after; this import keeps a plain copy of the records it updates instead (see
        # after_init_instance), for skip_row and for the report.
        skip_diff = True
        instance_loader_class = BatchInstanceLoader

    instance_loader: BatchInstanceLoader | None = None
    key_checked = False  # whether the loader found the row's key free, or the row's own
    # The fields of the check constraints the model's clean() already tests in Python (see
    # full_clean_at_hand).
    checked_in_clean: tuple[str, ...] = ()
    # Unique fields the resource checks itself for the whole file (a query a row otherwise).
    unique_checked: tuple[str, ...] = ()
    # The foreign keys this row set from objects its widgets read (see import_field).
    set_from_file: set[str]

    original: Any = None  # the record a row updates, as it was before the row

    def get_import_fields(self) -> list[Any]:
        if not hasattr(self, "_import_fields"):
            self._import_fields = super().get_import_fields()
        return self._import_fields

    def before_import_row(self, row: Any, **kwargs: Any) -> None:
        super().before_import_row(row, **kwargs)
        self.key_checked = False
        self.original = None
        self.set_from_file = set()

    def import_field(self, field: Any, instance: Any, row: Any, *args: Any, **kwargs: Any) -> None:
        super().import_field(field, instance, row, *args, **kwargs)
        if (
            isinstance(field.widget, widgets.ForeignKeyWidget)
            and field.attribute
            and field.column_name in row
        ):
            self.set_from_file.add(field.attribute)

    def after_init_instance(self, instance: Any, new: bool, row: Any, **kwargs: Any) -> None:
        super().after_init_instance(instance, new, row, **kwargs)
        # A model's copy has its own field values and related-object cache (Model.__reduce__).
        self.original = None if new else copy.copy(instance)

    def skip_row(self, instance: Any, original: Any, row: Any, import_validation_errors=None):
        """Skip a row that changes nothing in the record it names (skip_unchanged)."""
        original = self.original
        if not self._meta.skip_unchanged or import_validation_errors or original is None:
            return False
        return all(
            field.get_value(instance) == field.get_value(original)
            for field in self.get_import_fields()
        )

    def get_instance(self, instance_loader: Any, row: Any) -> Any:
        try:
            found = super().get_instance(instance_loader, row)
        except ValueError:
            return None  # a key column that cannot be read: its field reports it, with the column
        self.key_checked = isinstance(instance_loader, BatchInstanceLoader) and (
            found is not None or instance_loader.last_key_is_free()
        )
        return found

    def validate_instance(
        self, instance: Any, import_validation_errors: Any = None, validate_unique: bool = True
    ) -> None:
        """Check the record whole, as full_clean would, without a query a row for what the
        import knows already: the places and units its widgets found, and the key's
        uniqueness, which the loader has looked up for the whole file."""
        errors = dict(import_validation_errors or {})
        keys = (
            [self.fields[name].attribute for name in self.get_import_id_fields()]
            if self.key_checked
            else []
        )
        try:
            full_clean_at_hand(
                instance,
                exclude=errors,
                unique_exclude=[*keys, *self.unique_checked],
                validate_unique=validate_unique,
                checked_in_clean=self.checked_in_clean,
                at_hand=getattr(self, "set_from_file", ()),
            )
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def save_instance(self, instance: Any, is_create: bool, row: Any, **kwargs: Any) -> None:
        if self._meta.use_bulk and not is_create and instance.pk is None:
            # The row repeats the key of a row above it that waits in the batch to be created:
            # that row's record has just been changed in place, and is created as it now is.
            self.before_save_instance(instance, row, **kwargs)
            self.after_save_instance(instance, row, **kwargs)
        else:
            super().save_instance(instance, is_create, row, **kwargs)
        if self.instance_loader is not None:
            self.instance_loader.remember(instance)

    # Bulk imports (Meta.use_bulk): rows are checked one by one, as ever, and written a batch
    # at a time, so a file costs a few queries a batch instead of three or four a row. A
    # database error in a batch cannot be pinned on one row; it fails the whole import.

    def get_bulk_update_fields(self) -> list[str]:
        model_fields = {field.name for field in self._meta.model._meta.concrete_fields}
        keys = set(self.get_import_id_fields())
        return [
            field.attribute
            for name, field in self.fields.items()
            if name not in keys and field.attribute in model_fields and not field.readonly
        ]

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        self._write_batch(
            self.create_instances, super().bulk_create,
            using_transactions, dry_run, raise_errors, batch_size, result,
        )  # fmt: skip

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        self._write_batch(
            self.update_instances, super().bulk_update,
            using_transactions, dry_run, raise_errors, batch_size, result,
        )  # fmt: skip

    def _write_batch(
        self,
        pending: list,
        write: Any,
        using_transactions: bool,
        dry_run: bool,
        raise_errors: bool,
        batch_size: int | None,
        result: Any,
    ) -> None:
        """Write `pending` with import-export's `write`, then what hangs on it. Once a batch
        has failed, the import will be rolled back: the rows still to come are checked and
        reported but not written."""
        batch = list(pending)
        if self._failed(result):
            pending.clear()
            return
        write(using_transactions, dry_run, raise_errors, batch_size, result)
        if not batch or not (using_transactions or not dry_run) or self._failed(result):
            return
        try:
            self.after_batch_saved(batch)
        except Exception as exc:  # reported like a failed batch: the import is rolled back
            self.handle_import_error(result, exc, raise_errors)

    @staticmethod
    def _failed(result: Any) -> bool:
        return result is not None and bool(result.base_errors)

    def after_batch_saved(self, instances: list[Any]) -> None:
        """Save what hangs on a batch of records just written (they have their keys now)."""

    def import_instance(self, instance: Any, row: Any, **kwargs: Any) -> None:
        errors: dict[str, Any] = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        for field in instance._meta.concrete_fields:
            # An empty cell is an empty text, not a missing one.
            text = isinstance(field, (CharField, TextField)) and not field.null
            if text and getattr(instance, field.attname) is None:
                setattr(instance, field.attname, "")
        for name in self.scope_fields:
            if name in errors:
                continue
            node = self.scope_node(instance, name)
            if node is not None and not in_scope(self.scope, node):
                errors[name] = [
                    _("“%(path)s” is outside the places you look after.") % {"path": node.code_path}
                ]
        if errors:
            raise ValidationError(errors)

    def scope_node(self, instance: Any, field_name: str) -> Place | None:
        """The place a scope field leads to (the field's value itself by default)."""
        return getattr(instance, field_name, None)

    on_progress: Any = None  # called with the number of rows done, every few rows

    def after_import_row(self, row: Any, row_result: Any, **kwargs: Any) -> None:
        super().after_import_row(row, row_result, **kwargs)
        if row_result.import_type == row_result.IMPORT_TYPE_UPDATE:
            row_result.original = self.original
        number = kwargs.get("row_number") or 0
        if self.on_progress is not None and number % 25 == 0:
            self.on_progress(number)

    @classmethod
    def headers(cls) -> list[str]:
        """The column headers of this import's template, in order."""
        return [f.column_name for f in cls().get_import_fields() if not f.readonly]

    @classmethod
    def required_headers(cls) -> list[str]:
        """The template's columns a file must have (all but the optional ones)."""
        return [h for h in cls.headers() if h not in cls.optional_columns]

    @classmethod
    def column_specs(cls, export: bool = False) -> list[ColumnSpec]:
        """Describe the template's columns (or, with `export`, an export's) for a workbook."""
        resource = cls()
        fields = (
            resource.get_export_fields()
            if export
            else [f for f in resource.get_import_fields() if not f.readonly]
        )
        model = cls._meta.model
        return [
            field_spec(
                field,
                model,
                meaning=cls.column_help.get(field.column_name, ""),
                required=True if field.column_name in cls.required_columns else None,
            )
            for field in fields
        ]

    @classmethod
    def example_row(cls) -> list[Any]:
        """The template's example row, in the template's column order (a choice given by its
        code is written as the file writes it, by its Chinese label)."""
        row = []
        for field in cls().get_import_fields():
            if field.readonly:
                continue
            value = cls.example.get(field.column_name, "")
            if isinstance(field.widget, ChoiceWidget) and value in field.widget.choices.values:
                value = field.widget.render(value)
            row.append(value)
        return row

    @classmethod
    def all_headers(cls) -> list[str]:
        """Every column an export of this kind holds (an export can be imported back)."""
        return [f.column_name for f in cls().get_export_fields()]
