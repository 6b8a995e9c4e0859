"""What every spreadsheet import shares: Chinese column headers, places named by their code
path, choices given by their Chinese (or English) label, scope checks and all-or-nothing runs.

Column headers are part of the file format street offices already use, so they stay Chinese
whatever language the page is shown in.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import CharField, Choices, TextField
from django.utils import translation
from django.utils.translation import gettext as _
from import_export import resources, widgets

from accounts.scope import Scope
from grids.models import Node, NodeKind


def in_scope(scope: Scope | None, node: Node | None) -> bool:
    """Return whether `node` is inside `scope`, by code path (it holds while the tree is being
    rebuilt during an import, when lft/rght are not final)."""
    if scope is None or scope.everything:
        return True
    if scope.node is None or node is None:
        return False
    root = scope.node.code_path
    return node.code_path == root or node.code_path.startswith(f"{root}/")


class NodePathWidget(widgets.ForeignKeyWidget):
    """A place on the tree, written as its code path (for example `zhangwan/c01/g02`)."""

    def __init__(self, *kinds: str) -> None:
        super().__init__(Node, "code_path")
        self.kinds = set(kinds)
        # Each resource deep-copies its fields, so this cache lives for one import only.
        self.found: dict[str, Node] = {}

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Node | None:
        path = str(value or "").strip().strip("/")
        if not path:
            return None
        node = self.found.get(path) or Node.objects.filter(code_path=path).first()
        if node is not None:
            self.found[path] = node
        if node is None:
            raise ValueError(_("There is no place with the code path “%(path)s”.") % {"path": path})
        if self.kinds and node.kind not in self.kinds:
            raise ValueError(
                _("“%(path)s” is a %(kind)s; a %(wanted)s is needed here.")
                % {
                    "path": path,
                    "kind": node.get_kind_display(),
                    "wanted": _(" or ").join(str(NodeKind(k).label) for k in sorted(self.kinds)),
                }
            )
        return node

    def render(self, value: Node | None, obj: Any = None, **kwargs: Any) -> str:
        return value.code_path if value is not None else ""


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
        text = str(value).strip()
        for pattern in self.FORMATS:
            try:
                return datetime.datetime.strptime(text, pattern).date()
            except ValueError:
                continue
        raise ValueError(
            _("“%(value)s” is not a date; write it like 2024-03-01.") % {"value": text}
        )


class NumberWidget(widgets.DecimalWidget):
    """A number; anything else is reported in plain words, not as a conversion error."""

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Any:
        try:
            return super().clean(value, row, **kwargs)
        except (ArithmeticError, ValueError, TypeError) as exc:
            raise ValueError(_("“%(value)s” is not a number.") % {"value": value}) from exc


class WholeNumberWidget(widgets.IntegerWidget):
    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Any:
        try:
            number = super().clean(value, row, **kwargs)
        except (ArithmeticError, ValueError, TypeError) as exc:
            raise ValueError(_("“%(value)s” is not a whole number.") % {"value": value}) from exc
        if number is not None and number < 0:
            raise ValueError(_("“%(value)s” is not a whole number.") % {"value": value})
        return number


class YesNoWidget(widgets.BooleanWidget):
    """是/否 as well as true/false, 1/0, yes/no; anything else is an error, never a silent no."""

    TRUE_VALUES = [*widgets.BooleanWidget.TRUE_VALUES, "是", "Y", "y", "yes", "Yes", "YES"]
    FALSE_VALUES = [*widgets.BooleanWidget.FALSE_VALUES, "否", "N", "n", "no", "No", "NO"]

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> bool | None:
        text = value.strip() if isinstance(value, str) else value
        if text in self.NULL_VALUES:
            return None
        if text in self.TRUE_VALUES:
            return True
        if text in self.FALSE_VALUES:
            return False
        raise ValueError(_("“%(value)s” is neither 是 nor 否.") % {"value": value})

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        return "" if value is None else ("是" if value else "否")


class ChoiceWidget(widgets.Widget):
    """A choice written as its Chinese label, its English label or its stored value."""

    def __init__(self, choices: type[Choices]) -> None:
        self.choices = choices
        self.lookup: dict[str, str] = {}
        for language in ("zh-hans", "en"):
            with translation.override(language):
                for value, label in choices.choices:
                    self.lookup[str(label).strip().lower()] = value
                    self.lookup[str(value).lower()] = value

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> str:
        text = str(value or "").strip().lower()
        if not text:
            return ""
        if text not in self.lookup:
            with translation.override("zh-hans"):
                allowed = "、".join(str(label) for label in self.choices.labels)
            raise ValueError(
                _("“%(value)s” is not one of: %(allowed)s.") % {"value": value, "allowed": allowed}
            )
        return self.lookup[text]

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        if not value:
            return ""
        with translation.override("zh-hans"):
            return str(self.choices(value).label)


class AllianceResource(resources.ModelResource):
    """A spreadsheet import for one kind of record, checked whole and written all or nothing.

    `scope` limits the places rows may name: a community secretary imports only into their own
    community. `scope_fields` lists the node fields to check.
    """

    scope_fields: tuple[str, ...] = ()

    def __init__(self, scope: Scope | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.scope = scope

    class Meta:
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        use_transactions = True
        store_instance = True
        skip_html_diff = True

    def get_instance(self, instance_loader: Any, row: Any) -> Any:
        try:
            return super().get_instance(instance_loader, row)
        except ValueError:
            return None  # a key column that cannot be read: its field reports it, with the column

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

    def scope_node(self, instance: Any, field_name: str) -> Node | None:
        """The place a scope field leads to (the field's value itself by default)."""
        return getattr(instance, field_name, None)

    on_progress: Any = None  # called with the number of rows done, every few rows

    def after_import_row(self, row: Any, row_result: Any, **kwargs: Any) -> None:
        super().after_import_row(row, row_result, **kwargs)
        number = kwargs.get("row_number") or 0
        if self.on_progress is not None and number % 25 == 0:
            self.on_progress(number)

    @classmethod
    def headers(cls) -> list[str]:
        """The column headers of this import's template, in order."""
        return [f.column_name for f in cls().get_import_fields() if not f.readonly]

    @classmethod
    def all_headers(cls) -> list[str]:
        """Every column an export of this kind holds (an export can be imported back)."""
        return [f.column_name for f in cls().get_export_fields()]
