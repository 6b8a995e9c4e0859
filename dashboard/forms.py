"""The ledger's form: which street or community, which month or year, which format."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import LabelledChoiceField
from common.params import MonthField, YearField
from grids.models import Node

from .ledger import FORMATS


class LedgerForm(forms.Form):
    error_css_class = "error"

    node = LabelledChoiceField(
        label=_("street or community"), queryset=Node.objects.none(), label_fields=("name",)
    )
    month = MonthField(label=_("month (YYYY-MM)"))
    year = YearField(label=_("or a whole year"))
    format = forms.ChoiceField(
        label=_("format"), choices=[(f, f.upper()) for f in FORMATS], initial="pdf"
    )

    def __init__(self, *args: Any, places: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["node"].queryset = places

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if bool(data.get("month")) == bool(data.get("year")):
            raise forms.ValidationError(_("Give a month or a year, one of the two."))
        return data
