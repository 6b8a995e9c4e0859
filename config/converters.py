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
