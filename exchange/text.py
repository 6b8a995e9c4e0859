"""Cells as a clerk types them: full-width digits and letters, full-width spaces, stray
whitespace, a header marked with an asterisk; and how wide a text is on screen.

Chinese input methods type ０１２ and ｃ０１ as readily as 012 and c01, and Excel keeps what was
typed. A cell made only of such characters is a number, a date or a code typed in full width,
and reads as its half-width self; a cell with Chinese in it (a name, an address) is left as it
was written, so that 第１小区 stays the name on record.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

T = TypeVar("T")

# U+FF01..U+FF5E are the full-width forms of ASCII ! .. ~; U+3000 is the full-width space.
_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_SPACES = re.compile(r"\s+")
_HEADER_MARKS = "*＊"


def fold_width(text: str) -> str:
    """Return `text` with full-width ASCII forms and spaces made half-width."""
    return text.translate(_FULL_WIDTH)


def clean_text(text: str) -> str:
    """Return a cell's text without outer whitespace (full-width spaces included); a cell
    typed wholly in full-width ASCII forms (０１２, ２０２４－０３－０１, ｃ０１) reads as
    half-width."""
    text = text.strip()
    folded = fold_width(text)
    return folded if folded.isascii() else text


def clean_cell(value: Any) -> Any:
    """Return a cell's value as an import reads it: text cleaned (see clean_text), anything
    else unchanged."""
    return clean_text(value) if isinstance(value, str) else value


def header_name(value: Any) -> str:
    """Return a column name as the import matches it: no whitespace anywhere (a line break or
    a full-width space in the header cell), no asterisk marking it as required."""
    text = _SPACES.sub("", fold_width(str(value or "")))
    return text.strip(_HEADER_MARKS)


def text_key(value: Any) -> str:
    """Return the form in which two spellings of one name or label compare equal: Unicode
    compatibility folding (（） and () alike), no whitespace, lower case."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", str(value or ""))).lower()


def display_width(value: Any) -> int:
    """Return how many character cells `value` takes on screen: a Chinese character (or any
    wide one) counts two, the longest line of a multi-line text counts."""
    text = str(value or "")
    return max(
        (
            sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)
            for line in text.splitlines() or [""]
        ),
        default=0,
    )


def spelled_alike(text: str, items: Iterable[T], name: Callable[[T], str]) -> list[T]:
    """Return the items whose name is `text` written with other spaces, brackets or width."""
    key = text_key(text)
    return [item for item in items if text_key(name(item)) == key]


def closest(text: str, items: Iterable[T], name: Callable[[T], str], count: int = 3) -> list[T]:
    """Return the items bearing the `count` names closest to `text` (none if none is close)."""
    by_name: dict[str, list[T]] = {}
    for item in items:
        by_name.setdefault(name(item), []).append(item)
    found = difflib.get_close_matches(text, list(by_name), n=count, cutoff=0.6)
    return [item for match in found for item in by_name[match]]
