"""How big an import may be, checked before anything parses it.

An .xlsx file is a zip of XML: a few hundred kilobytes can unpack to gigabytes, or to a sheet
whose two far-apart cells make a reader allocate every cell between them. So, in this order:

1. the web process, on upload (`upload_check`): the file's size, and for a workbook the zip's
   own directory (member count, total unpacked size, packing ratio) without unpacking anything;
   then `head_rows` reads only the first few lines (a clerk's title rows may stand above the
   column names), to refuse wrong columns at once;
2. the worker, before the reader (`workbook_check`): the sheets are unpacked as a stream, with
   the unpacked bytes counted as they come (a directory that lies about sizes fails its CRC),
   and their rows and columns counted from the XML without building the sheet.

The limits are settings: IMPORT_MAX_BYTES, IMPORT_MAX_UNPACKED_BYTES, IMPORT_MAX_ZIP_MEMBERS,
IMPORT_MAX_PACKING_RATIO, IMPORT_MAX_ROWS and IMPORT_MAX_COLUMNS.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any
from xml.etree.ElementTree import XMLPullParser

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

SUFFIXES = (".xlsx", ".csv")
CHUNK = 64 * 1024
# How far down a sheet the column names are looked for, below titles and notes.
HEAD_ROWS = 10
_REF = re.compile(r"([A-Z]{1,3})(\d{1,9})$")


def unreadable() -> ValidationError:
    return ValidationError(
        _("The file could not be read. Save it again from Excel as .xlsx and retry.")
    )


def _mb(size: int) -> int:
    return size // (1024 * 1024)


def too_many_rows() -> ValidationError:
    return ValidationError(
        _("The file has more than %(max)s rows; at most %(max)s can be imported at once.")
        % {"max": settings.IMPORT_MAX_ROWS}
    )


def too_many_columns() -> ValidationError:
    return ValidationError(
        _("The file has more than %(max)s columns; keep only the template's columns.")
        % {"max": settings.IMPORT_MAX_COLUMNS}
    )


def upload_check(handle: IO[bytes], file_name: str, size: int) -> None:
    """Refuse a file by its name, size and, for a workbook, its zip directory, before reading
    any of its content."""
    if Path(file_name).suffix.lower() not in SUFFIXES:
        raise ValidationError(_("Upload an Excel (.xlsx) or CSV (.csv) file."))
    if size > settings.IMPORT_MAX_BYTES:
        # The upload policy's own words (common/uploads.py), for callers that bypass its field.
        raise ValidationError(
            _("This file is too large: at most %(size)s here.")
            % {"size": filesizeformat(settings.IMPORT_MAX_BYTES)}
        )
    if Path(file_name).suffix.lower() == ".xlsx":
        handle.seek(0)
        _zip_directory_check(handle)
        handle.seek(0)


def _open_zip(handle: IO[bytes]) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(handle)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise unreadable() from exc


def _zip_directory_check(handle: IO[bytes]) -> zipfile.ZipFile:
    book = _open_zip(handle)
    members = book.infolist()
    if len(members) > settings.IMPORT_MAX_ZIP_MEMBERS:
        raise unreadable()
    unpacked = sum(m.file_size for m in members)
    packed = sum(m.compress_size for m in members)
    if unpacked > settings.IMPORT_MAX_UNPACKED_BYTES or (
        unpacked > CHUNK and unpacked > settings.IMPORT_MAX_PACKING_RATIO * max(packed, 1)
    ):
        raise ValidationError(
            _(
                "The workbook unpacks to more than an import can take (at most %(mb)s MB). "
                "Split it into smaller files."
            )
            % {"mb": _mb(settings.IMPORT_MAX_UNPACKED_BYTES)}
        )
    return book


def _stream(book: zipfile.ZipFile, name: str, budget: list[int]) -> Iterator[bytes]:
    """Yield a member's unpacked bytes, counting them against the file's whole budget."""
    try:
        with book.open(name) as member:
            while chunk := member.read(CHUNK):
                budget[0] -= len(chunk)
                if budget[0] < 0:
                    raise ValidationError(
                        _(
                            "The workbook unpacks to more than an import can take "
                            "(at most %(mb)s MB). Split it into smaller files."
                        )
                        % {"mb": _mb(settings.IMPORT_MAX_UNPACKED_BYTES)}
                    )
                if b"<!DOCTYPE" in chunk or b"<!ENTITY" in chunk:
                    raise unreadable()  # a workbook's XML never declares entities
                yield chunk
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:  # a bad CRC among them
        raise unreadable() from exc


def _elements(chunks: Iterator[bytes], events: tuple[str, ...]) -> Iterator[tuple[str, Any]]:
    parser = XMLPullParser(events=events)
    try:
        for chunk in chunks:
            parser.feed(chunk)
            yield from parser.read_events()
        parser.close()
        yield from parser.read_events()
    except SyntaxError as exc:  # ParseError
        raise unreadable() from exc


def _name(element: Any) -> str:
    """Return an element's local name: transitional and strict workbooks name their
    namespaces differently, and a check that missed one would let that file through."""
    return element.tag.rsplit("}", 1)[-1]


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def _worksheets(book: zipfile.ZipFile) -> list[str]:
    return [n for n in book.namelist() if n.startswith("xl/worksheets/") and n.endswith(".xml")]


def workbook_check(data: bytes) -> None:
    """Refuse a workbook whose sheets unpack too big or hold more rows or columns than an
    import takes, reading the XML as a stream and never building a sheet."""
    book = _zip_directory_check(io.BytesIO(data))
    budget = [settings.IMPORT_MAX_UNPACKED_BYTES]
    max_rows = settings.IMPORT_MAX_ROWS + 1  # the first line holds the column names
    for name in _worksheets(book):
        rows = cells = 0
        for event, element in _elements(_stream(book, name, budget), ("start", "end")):
            if event == "start" and _name(element) == "row":
                number = element.get("r") or "0"
                rows = max(rows + 1, int(number) if number.isdigit() and len(number) < 10 else 0)
                if rows > max_rows:
                    raise too_many_rows()
                cells = 0
            elif event == "start" and _name(element) == "c":
                cells += 1
                found = _REF.match(element.get("r") or "")
                if found:
                    cells = max(cells, _column_number(found.group(1)))
                    rows = max(rows, int(found.group(2)))
                if cells > settings.IMPORT_MAX_COLUMNS:
                    raise too_many_columns()
                if rows > max_rows:
                    raise too_many_rows()
            elif event == "end" and _name(element) == "row":
                element.clear()


def csv_check(text: str) -> None:
    """Refuse a CSV file with more rows or columns than an import takes."""
    rows = 0
    for row in csv.reader(io.StringIO(text)):
        if len(row) > settings.IMPORT_MAX_COLUMNS:
            raise too_many_columns()
        rows += bool(row)
        if rows > settings.IMPORT_MAX_ROWS + 1:
            raise too_many_rows()


def head_rows(handle: IO[bytes], file_name: str, count: int = HEAD_ROWS) -> list[list[str]]:
    """Return the first `count` lines' cells as text, reading no more of the file than those
    lines (and, for a workbook, the shared strings they name)."""
    handle.seek(0)
    try:
        if Path(file_name).suffix.lower() == ".csv":
            # Only whole lines: a cut through a character at the chunk's end must not garble
            # a line that is used.
            head = handle.read(CHUNK)
            lines = head.split(b"\n")
            if len(head) == CHUNK and len(lines) > 1:
                lines = lines[:-1]
            raw = b"\n".join(lines[:count])
            try:
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                text = raw.decode("gb18030", errors="ignore")
            rows = list(csv.reader(io.StringIO(text)))[:count]
            return [[str(cell or "").strip() for cell in row] for row in rows]
        return _xlsx_head(_open_zip(handle), count)
    finally:
        handle.seek(0)


def _first_sheet(book: zipfile.ZipFile) -> str:
    names = _worksheets(book)
    if "xl/worksheets/sheet1.xml" in names:
        return "xl/worksheets/sheet1.xml"
    if not names:
        raise unreadable()
    return sorted(names)[0]


def _xlsx_head(book: zipfile.ZipFile, count: int) -> list[list[str]]:
    budget = [settings.IMPORT_MAX_UNPACKED_BYTES]
    rows: list[list[tuple[int, str, str]]] = []  # per line: (column, type, raw value)
    cells: list[tuple[int, str, str]] = []
    current: tuple[int, str] | None = None
    for event, element in _elements(_stream(book, _first_sheet(book), budget), ("start", "end")):
        tag = _name(element)
        if event == "start" and tag == "row":
            if len(rows) >= count:
                break
            cells = []
        elif event == "start" and tag == "c":
            found = _REF.match(element.get("r") or "")
            column = _column_number(found.group(1)) if found else len(cells) + 1
            if column > settings.IMPORT_MAX_COLUMNS:
                raise too_many_columns()
            current = (column, element.get("t") or "n")
        elif event == "end" and tag == "c" and current is not None:
            if current[1] == "inlineStr":
                value = _text(element)
            else:
                found_v = next((e for e in element if _name(e) == "v"), None)
                value = found_v.text or "" if found_v is not None else ""
            cells.append((current[0], current[1], value))
            current = None
        elif event == "end" and tag == "row":
            rows.append(cells)
            element.clear()
            if len(rows) >= count:
                break
    wanted = {
        int(v) for line in rows for _c, t, v in line if t == "s" and v.isdigit() and len(v) < 10
    }
    strings = _shared_strings(book, wanted, budget) if wanted else {}
    result = []
    for line in rows:
        width = max((c for c, _t, _v in line), default=0)
        texts = [""] * width
        for column, kind, value in line:
            texts[column - 1] = strings.get(int(value), "") if kind == "s" else value
        result.append([t.strip() for t in texts])
    return result


def _text(element: Any) -> str:
    """Return a cell's or shared string's text (rich text runs joined, phonetic hints left out)."""
    parts: list[str] = []

    def walk(parent: Any) -> None:
        for child in parent:
            name = _name(child)
            if name == "t":
                parts.append(child.text or "")
            elif name != "rPh":
                walk(child)

    walk(element)
    return "".join(parts)


def _shared_strings(book: zipfile.ZipFile, wanted: set[int], budget: list[int]) -> dict[int, str]:
    """Return the shared strings numbered in `wanted`, reading no further than the last."""
    name = "xl/sharedStrings.xml"
    if name not in book.namelist():
        return {}
    found: dict[int, str] = {}
    index, last = 0, max(wanted)
    for event, element in _elements(_stream(book, name, budget), ("end",)):
        if event == "end" and _name(element) == "si":
            if index in wanted:
                found[index] = _text(element)
            element.clear()
            if index >= last:
                break
            index += 1
    return found
