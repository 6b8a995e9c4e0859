"""What every form shares: a honeypot field that people never see and bots fill in, the
date pickers, and a choice of records labelled by their place ("第二网格 · 阳光花园")."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions

HONEYPOT_FIELD = "website"


def honeypot_filled(data: Any) -> bool:
    """Return True when submitted data (a form's or an API's) filled in the honeypot."""
    return bool(data.get(HONEYPOT_FIELD)) if hasattr(data, "get") else False


def honeypot_check_api(data: Any) -> None:
    """Refuse an API create whose data filled in the honeypot, as the HTML form does."""
    from rest_framework import serializers

    if honeypot_filled(data):
        raise serializers.ValidationError({HONEYPOT_FIELD: [_("This form could not be sent.")]})


class HoneypotMixin(forms.Form):
    """A field people never see and bots fill in: a filled one means the form came from a bot."""

    website = forms.CharField(
        label=_("leave this empty"),
        required=False,
        widget=forms.TextInput(
            attrs={"class": "hp", "tabindex": "-1", "autocomplete": "off", "aria-hidden": "true"}
        ),
    )

    def clean_website(self) -> str:
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("This form could not be sent."))
        return ""

    def clean(self):
        data = super().clean()
        data.pop("website", None)
        return data


class DateInput(forms.DateInput):
    """The browser's date picker. Its value must be ISO (2026-12-03) whatever the language: the
    localised zh-hans format (2026/12/03) is no valid value, so the picker would show empty and a
    required field could not be sent."""

    input_type = "date"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    """The browser's date-and-time picker, with the ISO value it needs (see DateInput)."""

    input_type = "datetime-local"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class LabelledChoiceField(forms.ModelChoiceField):
    """Django's ModelChoiceField with each option labelled by `label_fields` (paths across
    relations, "parent__name"), joined by " · ", empty values left out. Its queryset is the
    caller's, limited to what the user may see (a street's compounds, its service menu); give
    it the select_related its labels follow, so the options cost one query."""

    def __init__(self, queryset: Any, *, label_fields: tuple[str, ...], **kwargs: Any) -> None:
        super().__init__(queryset, **kwargs)
        self.label_fields = label_fields

    def label_from_instance(self, obj: Any) -> str:
        values = []
        for path in self.label_fields:
            value = obj
            for name in path.split("__"):
                value = getattr(value, name, None) if value is not None else None
            if value not in (None, ""):
                values.append(str(value))
        return " · ".join(values)


def refusal_to_form(form: forms.BaseForm, exc: ValidationError | PermissionDenied) -> None:
    """Show what a service refused on the form it came from: each error beside its field,
    and one the form has no field for (or a PermissionDenied) above it."""
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return
    for message in getattr(exc, "messages", [str(exc)]):
        form.add_error(None, message)


def refusal_to_messages(request: Any, exc: ValidationError | PermissionDenied) -> None:
    """Tell the user what a service refused, for a page that redirects after a post (no form
    to show the errors on): each message as an error message."""
    for message in getattr(exc, "messages", [str(exc)]):
        messages.error(request, message)


def refusal_to_api(exc: ValidationError | PermissionDenied) -> Exception:
    """Return what a service refused as the API's answer: 403 for a PermissionDenied, 400
    with each field's messages (or "detail") for a ValidationError."""
    if isinstance(exc, PermissionDenied):
        return exceptions.PermissionDenied(str(exc) or None)
    return exceptions.ValidationError(getattr(exc, "message_dict", {"detail": exc.messages}))
