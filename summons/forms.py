from __future__ import annotations

from django import forms
from django.db.models import Case, When
from django.utils.translation import gettext_lazy as _

from common.forms import LabelledChoiceField
from grids.models import Node, no_markup_validator
from organizations.models import Unit

from .models import SummonsKind


class UnitChoices(forms.ModelMultipleChoiceField):
    """The units, each labelled with its community and, once suggestions are given, why it
    fits (its menu, its distance, how often it was called this year)."""

    reasons: dict[int, str] = {}

    def label_from_instance(self, obj: Unit) -> str:
        label = f"{obj.name} · {obj.community.name}"
        return f"{label}（{self.reasons[obj.pk]}）" if obj.pk in self.reasons else label


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

    def __init__(self, *args, places, units, suggestions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["node"].queryset = places
        if len(places) == 1:
            self.fields["node"].initial = places[0].pk
        field = self.fields["units"]
        if suggestions:
            order = [s.unit.pk for s in suggestions]
            field.queryset = units.filter(pk__in=order).order_by(
                Case(*[When(pk=pk, then=i) for i, pk in enumerate(order)])
            )
            field.reasons = {
                s.unit.pk: "；".join(([str(_("suggested"))] if s.suggested else []) + s.reasons())
                for s in suggestions
            }
            if not self.is_bound and "units" not in self.initial:
                self.initial["units"] = [s.unit.pk for s in suggestions if s.suggested]
        else:
            field.queryset = units


class CallUnitsForm(forms.Form):
    units = UnitChoices(
        label=_("units to call out"),
        queryset=Unit.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = units
