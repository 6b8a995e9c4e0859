"""Query strings the pages about places read (common.params.parse_query)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from common.params import IdField, MonthField


class StreetQuery(forms.Form):
    """?street=<code>: which street a public page is about (empty: the portal's default)."""

    street = forms.CharField(max_length=100, required=False)


class PlaceMonthQuery(forms.Form):
    """?node=<id>&month=YYYY-MM: the place and month a back-office page is about (empty: the
    whole scope, last month)."""

    node = IdField()
    month = MonthField()


class PlaceYearQuery(forms.Form):
    """?node=<id>&year=YYYY: the place and year a comparison is about (empty: the whole scope,
    this year)."""

    node = IdField()
    year = forms.IntegerField(required=False, min_value=2000, max_value=2100)


class PlacesQuery(forms.Form):
    """?community=<id> (its compounds) or ?compound=<id> (its buildings): the places a public
    form offers once a community or a compound is chosen. Exactly one of the two."""

    community = IdField()
    compound = IdField()

    def clean(self) -> dict:
        data = super().clean()
        if bool(data.get("community")) == bool(data.get("compound")):
            raise forms.ValidationError(_("Give either a community or a compound."), code="one_of")
        return data
