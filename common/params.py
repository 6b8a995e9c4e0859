"""Query parameters read through a form, as a POST is: a value the form refuses is answered 400
with the form's messages in the visitor's language, never a ValueError answered 500.

    query = parse_query(NearbyQuery, request)    # the cleaned data, or a 400
    node = place_for(request.user, query["node"])

An HTML page answers the site's 400 page listing what was wrong (`bad_request`, the URL conf's
handler400); an API view (a DRF request) answers DRF's 400 body, `{"field": ["message"]}`.
The fields below are the kinds of value the pages and the API take from a URL: ids, years,
months, map coordinates and boxes.
"""

from __future__ import annotations

import datetime
import math
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import BadRequest
from django.forms.utils import ErrorDict
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views import defaults
from rest_framework.exceptions import ValidationError

# The largest id a PostgreSQL bigint holds: a bigger one is no id, not a missing one.
MAX_ID = 2**63 - 1


def year_range() -> tuple[int, int]:
    """The years a page or the API may be asked about (settings.QUERY_YEARS, 2000 to 2100)."""
    first, last = settings.QUERY_YEARS
    return first, last


class InvalidQuery(BadRequest):
    """The query string of an HTML page did not validate; `errors` are the form's."""

    def __init__(self, errors: ErrorDict) -> None:
        super().__init__(errors.as_text())
        self.errors = errors


def parse_query(form_class: type[forms.BaseForm], request: Any, **kwargs: Any) -> dict[str, Any]:
    """Return `form_class`'s cleaned data for the request's query string, or answer 400: an
    InvalidQuery for a page, DRF's ValidationError for an API request."""
    data = getattr(request, "query_params", None)
    form = form_class(request.GET if data is None else data, **kwargs)
    if form.is_valid():
        return form.cleaned_data
    if data is not None:
        raise ValidationError(
            {field: [str(message) for message in errors] for field, errors in form.errors.items()}
        )
    raise InvalidQuery(form.errors)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The site's 400 page (handler400) for a query string that did not validate: what in
    the address could not be read, and why. Any other 400 (a suspicious request, a
    disallowed host) keeps Django's answer: the same page without the list, rendered
    without the request it distrusts."""
    if not isinstance(exception, InvalidQuery):
        return defaults.bad_request(request, exception)
    return render(request, "400.html", {"errors": exception.errors}, status=400)


class IdField(forms.IntegerField):
    """An object's id: a whole number from 1 to the largest the database holds."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(min_value=1, max_value=MAX_ID, **kwargs)


class IdListField(forms.Field):
    """Several objects' ids (a list of checkboxes): each as IdField reads one."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value: Any) -> list[int]:
        one = IdField(required=True)
        return [one.clean(item) for item in (value or [])]


class _Posted(forms.Form):
    def __init__(self, data: Any, name: str, field: forms.Field) -> None:
        super().__init__(data)
        self.fields[name] = field


def posted_id(request: HttpRequest, name: str) -> int | None:
    """Return the id posted as `name` (None when absent), or answer 400 for one that is not."""
    form = _Posted(request.POST, name, IdField())
    if not form.is_valid():
        raise InvalidQuery(form.errors)
    return form.cleaned_data[name]


def posted_ids(request: HttpRequest, name: str) -> list[int]:
    """Return the ids posted as `name` (checkboxes), or answer 400 when one is not an id."""
    form = _Posted(request.POST, name, IdListField(required=False))
    if not form.is_valid():
        raise InvalidQuery(form.errors)
    return form.cleaned_data[name]


class PageField(forms.IntegerField):
    """Which page of a long list (common.paging): a whole number from 1; past the last page
    the list answers 404."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(min_value=1, max_value=10_000, **kwargs)


class PageQuery(forms.Form):
    """?page=: the page of a list that takes no other parameter."""

    page = PageField()


class YearField(forms.IntegerField):
    """A calendar year within year_range()."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        first, last = year_range()
        super().__init__(min_value=first, max_value=last, **kwargs)


class MonthField(forms.CharField):
    """`YYYY-MM` within year_range(), cleaned to the month's first day."""

    default_error_messages = {
        "invalid": _("Enter a month as YYYY-MM, from %(first)s-01 to %(last)s-12."),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)  # the format check below bounds the length

    def to_python(self, value: Any) -> datetime.date | None:
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        first, last = year_range()
        year, dash, month = text.partition("-")
        digits = year + month
        if (
            dash
            and (len(year), len(month)) == (4, 2)
            and digits.isascii()
            and digits.isdigit()
            and first <= int(year) <= last
            and 1 <= int(month) <= 12
        ):
            return datetime.date(int(year), int(month), 1)
        raise forms.ValidationError(
            self.error_messages["invalid"], code="invalid", params={"first": first, "last": last}
        )


class CoordinateField(forms.FloatField):
    """A latitude or a longitude: a finite number within `limit` degrees of zero."""

    def __init__(self, limit: float, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(min_value=-limit, max_value=limit, **kwargs)


class BBoxField(forms.CharField):
    """`min_lng,min_lat,max_lng,max_lat`, four finite numbers, cleaned to (south, west, north,
    east) within the world's bounds."""

    default_error_messages = {
        "invalid": _(
            "Enter the box as min_lng,min_lat,max_lng,max_lat: four numbers, longitudes "
            "from -180 to 180 and latitudes from -90 to 90."
        ),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> tuple[float, float, float, float] | None:
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        if len(text) > 200:  # four numbers never take this much
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        try:
            west, south, east, north = (float(part) for part in text.split(","))
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        if not all(math.isfinite(v) for v in (west, south, east, north)):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        # A zoomed-out map reports longitudes past ±180; the world ends there.
        west, east = (min(max(v, -180.0), 180.0) for v in (west, east))
        south, north = (min(max(v, -90.0), 90.0) for v in (south, north))
        return south, west, north, east
