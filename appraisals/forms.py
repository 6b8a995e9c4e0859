from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import HoneypotMixin
from common.params import YearField

STARS = [(n, "★" * n) for n in range(5, 0, -1)]


class OpenForm(forms.Form):
    year = YearField(label=_("year"), required=True)
    facts_weight = forms.IntegerField(
        label=_("weight of the facts (%)"), min_value=0, max_value=100, initial=70
    )


class WeightsForm(forms.Form):
    facts_weight = forms.IntegerField(
        label=_("weight of the facts (%)"), min_value=0, max_value=100
    )


class ReportForm(forms.Form):
    report = forms.CharField(
        label=_("the unit's report (述职)"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )


class RateForm(HoneypotMixin):
    stars = forms.TypedChoiceField(label=_("stars"), choices=STARS, coerce=int)
