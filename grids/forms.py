"""Query strings the pages about places read (common.params.parse_query)."""

from __future__ import annotations

from django import forms

from common.params import IdField, MonthField


class StreetQuery(forms.Form):
    """?street=<code>: which street a public page is about (empty: the portal's default)."""

    street = forms.CharField(max_length=100, required=False)


class PlaceMonthQuery(forms.Form):
    """?node=<id>&month=YYYY-MM: the place and month a back-office page is about (empty: the
    whole scope, last month)."""

    node = IdField()
    month = MonthField()
