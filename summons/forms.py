from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import LabelledChoiceField
from grids.models import Node, no_markup_validator
from organizations.models import Unit

from .models import SummonsKind


class UnitChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Unit) -> str:
        return f"{obj.name} · {obj.community.name}"


class DateTimeLocal(forms.DateTimeInput):
    """The browser's date-and-time picker; its value is ISO whatever the language."""

    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class RaiseForm(forms.Form):
    error_css_class = "error"

    node = LabelledChoiceField(
        label=_("summoning community or street"),
        queryset=Node.objects.none(),
        label_fields=("name",),
    )
    kind = forms.ChoiceField(label=_("kind"), choices=SummonsKind.choices)
    title = forms.CharField(label=_("title"), max_length=120, validators=[no_markup_validator])
    description = forms.CharField(
        label=_("what is needed"),
        max_length=2000,
        validators=[no_markup_validator],
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    place = forms.CharField(label=_("place"), max_length=200, validators=[no_markup_validator])
    deadline = forms.DateTimeField(
        label=_("units on site by"),
        widget=DateTimeLocal(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    units = UnitChoices(
        label=_("units to call out"),
        queryset=Unit.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, places, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["node"].queryset = places
        if len(places) == 1:
            self.fields["node"].initial = places[0].pk
        self.fields["units"].queryset = units


class CallUnitsForm(forms.Form):
    units = UnitChoices(
        label=_("units to call out"),
        queryset=Unit.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = units
