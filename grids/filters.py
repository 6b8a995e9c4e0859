"""Filters the API's lists share."""

from __future__ import annotations

from typing import Any

import django_filters

# The largest id a PostgreSQL integer column holds; a bigger number is refused with a 400
# instead of reaching the database.
MAX_ID = 2**31 - 1


class IdFilter(django_filters.NumberFilter):
    """A record's id: a whole number from 1 to MAX_ID."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class YearFilter(django_filters.NumberFilter):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1900)
        kwargs.setdefault("max_value", 2100)
        super().__init__(*args, **kwargs)
