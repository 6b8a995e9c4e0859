"""Filters the API's lists share."""

from __future__ import annotations

from typing import Any

import django_filters

from common.params import MAX_ID, year_range


class IdFilter(django_filters.NumberFilter):
    """A record's id: a whole number from 1 to MAX_ID."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class YearFilter(django_filters.NumberFilter):
    """A calendar year within the years a query may name (common.params.year_range)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        first, last = year_range()
        kwargs.setdefault("min_value", first)
        kwargs.setdefault("max_value", last)
        super().__init__(*args, **kwargs)
