"""Path converters shared by the apps' URL modules."""

from __future__ import annotations

import re

from django.urls import register_converter


def one_of(type_name: str, *choices: str) -> str:
    """Register a path converter that matches exactly `choices` and return its name.

    A view's state transitions are named in its URL (``<meeting_action:action>``), so any other
    word answers 404 before the view runs, and the URL resolver knows every transition there is
    (the permission matrix test reads them from there).
    """
    converter = type(
        f"{type_name.title().replace('_', '')}Converter",
        (),
        {
            "regex": "|".join(re.escape(choice) for choice in choices),
            "choices": tuple(choices),
            "to_python": staticmethod(str),
            "to_url": staticmethod(str),
        },
    )
    register_converter(converter, type_name)
    return type_name


class YearConverter:
    """A year in a URL (`<year:year>`), within the years the site answers for
    (common.params.year_range): year 0 or 99999 answers 404 before the view runs, rather
    than reaching a date it cannot make."""

    regex = "[0-9]{1,6}"

    def to_python(self, value: str) -> int:
        from common.params import year_range

        first, last = year_range()
        if not first <= int(value) <= last:
            raise ValueError(value)  # the resolver takes this as "no such URL": 404
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(YearConverter, "year")


class MonthConverter:
    """A month in a URL (`<month:month>`, YYYY-MM) within the years the site answers for; the
    view receives the text."""

    regex = "[0-9]{4}-[0-9]{2}"

    def to_python(self, value: str) -> str:
        from common.params import year_range

        first, last = year_range()
        if not (first <= int(value[:4]) <= last and 1 <= int(value[5:]) <= 12):
            raise ValueError(value)
        return value

    def to_url(self, value: str) -> str:
        return str(value)


register_converter(MonthConverter, "month")
