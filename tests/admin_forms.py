"""Build an admin change form's POST data from the page, as a browser would submit it."""

from __future__ import annotations

from typing import Any

from django.forms import MultiWidget


def _field_data(form: Any) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name in form.fields:
        value = form[name].value()
        if value is None:
            continue
        key = form.add_prefix(name)
        widget = getattr(form.fields[name].widget, "widget", form.fields[name].widget)
        if isinstance(widget, MultiWidget):  # a split date and time posts name_0, name_1
            parts = value if isinstance(value, list) else widget.decompress(value)
            for index, part in enumerate(parts):
                data[f"{key}_{index}"] = "" if part is None else str(part)
        elif isinstance(value, bool):
            if value:
                data[key] = "on"
        elif isinstance(value, list | tuple):
            data[key] = [str(v) for v in value]
        else:
            data[key] = str(value) if not hasattr(value, "pk") else str(value.pk)
    return data


def admin_form_data(response: Any, **changes: Any) -> dict[str, Any]:
    """Return the POST data of the admin change page in `response`, with `changes` applied."""
    data = _field_data(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for key, value in formset.management_form.initial.items():
            data[formset.management_form.add_prefix(key)] = value
        for form in formset.initial_forms:
            data.update(_field_data(form))
        data[formset.management_form.add_prefix("TOTAL_FORMS")] = len(formset.initial_forms)
    data.update(changes)
    return data


def admin_url(model: Any, view: str, *args: Any) -> str:
    """Return the URL of the admin's `view` (add, change, delete, changelist) of `model`."""
    from django.urls import reverse

    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def with_new_row(data: dict[str, Any], prefix: str, **row: Any) -> dict[str, Any]:
    """Add one new inline row under `prefix` to admin POST data."""
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = index + 1
    data.update({f"{prefix}-{index}-{name}": value for name, value in row.items()})
    return data


def row_index(data: dict[str, Any], prefix: str, obj: Any) -> int:
    """Return the index of `obj`'s row in the inline `prefix` of admin POST data."""
    return next(
        int(key.split("-")[-2])
        for key, value in data.items()
        if key.startswith(f"{prefix}-") and key.endswith("-id") and str(value) == str(obj.pk)
    )
