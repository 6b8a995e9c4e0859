"""Form fields and widgets shared by the apps."""

from __future__ import annotations

from html import escape
from typing import Any

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.safestring import SafeString, mark_safe


def _text(value: Any) -> str:
    """A value escaped for HTML, unless it is marked safe already (as conditional_escape)."""
    return value.__html__() if hasattr(value, "__html__") else escape(str(value))


def _attrs(attrs: dict[str, Any]) -> str:
    """Attributes as Django's attrs.html writes them: in order, True bare, False left out."""
    return "".join(
        f" {_text(name)}" if value is True else f' {_text(name)}="{_text(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


class QuickSelect(forms.Select):
    """A select that writes its options in Python instead of through one template include each:
    the same HTML as Django's Select, but a list of a thousand compounds takes a few
    milliseconds to write instead of tens."""

    def render(
        self, name: str, value: Any, attrs: dict | None = None, renderer: Any = None
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group, options, _index in widget["optgroups"]:
            if group:
                parts.append(f'<optgroup label="{_text(group)}">')
            parts.extend(
                f'<option value="{_text(option["value"])}"{_attrs(option["attrs"])}>'
                f"{_text(option['label'])}</option>"
                for option in options
            )
            if group:
                parts.append("</optgroup>")
        parts.append("</select>")
        return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped


class _RowIterator(ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for pk, *values in self.queryset.values_list("pk", *self.field.label_fields):
            yield (pk, self.field.label_from_row(*values))


class RowChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField that reads its options as rows of (key, label fields) rather than as
    model instances: a list of a thousand compounds costs one light query and no model object
    an option. The chosen value is still checked against the queryset and cleaned to an object.

    `label_fields` name the fields (across relations too) whose values, joined by " · ", label
    an option."""

    iterator = _RowIterator
    widget = QuickSelect

    def __init__(self, queryset: Any, *, label_fields: tuple[str, ...], **kwargs: Any) -> None:
        super().__init__(queryset, **kwargs)
        self.label_fields = label_fields

    def label_from_row(self, *values: Any) -> str:
        return " · ".join(str(value) for value in values if value not in (None, ""))
