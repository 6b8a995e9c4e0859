"""Workbooks as office staff read them, and a checked file handed back with its errors marked.

Every workbook the portal writes (an admin export, an import template, a report) has a bold
header row frozen at the top, columns as wide as their content (a Chinese character counts
double), dates in date cells, a drop-down of the allowed values on each choice column, and an
instructions sheet saying what each column holds. No cell can run as a formula (common.cells).

A file whose check found row errors comes back as a copy of itself: an error column (错误) at
the end of the header row says what is wrong on each line, and the faulty cells are filled red,
so the clerk fixes them in place and uploads the same file again (the error column is ignored).
"""

from __future__ import annotations

import csv
import datetime
import io
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from common.cells import safe_cell

from .text import display_width, header_name

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The error column's header is part of the file format, like the import's own headers.
ERROR_COLUMN = "错误"
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="FFDDEBF7")
EXAMPLE_FONT = Font(italic=True, color="FF7F7F7F")
ERROR_RGB = "FFFFC7CE"
ERROR_FILL = PatternFill("solid", fgColor=ERROR_RGB)
ERROR_FONT = Font(color="FF9C0006")
MIN_WIDTH, MAX_WIDTH = 8, 60
LAST_ROW = 1_048_576  # Excel's last row: a drop-down covers rows added later too
INLINE_LIST_MAX = 255  # Excel's limit on a drop-down list written into the rule itself
_INVALID_TITLE = str.maketrans(dict.fromkeys("[]:*?/\\", "-"))


class CellKind(StrEnum):
    """What a column holds, for its width and the number format of cells typed later."""

    TEXT = "text"
    NUMBER = "number"
    DATE = "date"
    DATETIME = "datetime"


@dataclass(frozen=True)
class ColumnSpec:
    """One column of a workbook: its header and what the instructions sheet says of it."""

    header: str
    meaning: str | Promise = ""
    required: bool = False
    choices: tuple[str, ...] = ()  # the drop-down's values
    format: str | Promise = ""  # how to write a value, when it is not a free text
    kind: CellKind = CellKind.TEXT


def sheet_title(title: Any) -> str:
    """Return `title` as Excel allows a sheet name: none of []:*?/\\ and at most 31 characters."""
    text = str(title or "").translate(_INVALID_TITLE).strip("'").strip()
    return text[:31] or _("Sheet")


def _cell_value(value: Any) -> Any:
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", safe_cell(value))
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)  # Excel has no time zones; callers give local time
    return value


def _number_format(value: Any) -> str | None:
    if isinstance(value, datetime.datetime):
        return DATETIME_FORMAT
    if isinstance(value, datetime.date):
        return DATE_FORMAT
    return None


def _width(spec: ColumnSpec, values: Iterable[Any]) -> float:
    widest = display_width(spec.header) + 2  # bold, and room for a drop-down's arrow
    for value in values:
        if isinstance(value, datetime.datetime):
            size = 16
        elif isinstance(value, datetime.date):
            size = 10
        else:
            size = display_width(value)
        widest = max(widest, size)
    if spec.kind == CellKind.DATE:
        widest = max(widest, 10)
    elif spec.kind == CellKind.DATETIME:
        widest = max(widest, 16)
    return float(min(max(widest + 2, MIN_WIDTH), MAX_WIDTH))


def _style_header(sheet: Worksheet, row: int = 1) -> None:
    for cell in sheet[row]:
        if cell.value is not None:
            cell.font = HEADER_FONT
            cell.fill = HEADER_FILL
            cell.alignment = Alignment(vertical="center")


def _add_choices(book: Workbook, sheet: Worksheet, specs: Sequence[ColumnSpec]) -> None:
    """Give each choice column a drop-down of its values, written into the rule when they fit,
    else listed on a hidden sheet the rule refers to."""
    lists: Worksheet | None = None
    column = 0
    for index, spec in enumerate(specs, 1):
        if not spec.choices:
            continue
        letter = get_column_letter(index)
        inline = ",".join(spec.choices)
        if len(inline) <= INLINE_LIST_MAX and not any("," in c or '"' in c for c in spec.choices):
            formula = f'"{inline}"'
        else:
            if lists is None:
                lists = book.create_sheet(sheet_title(_("Choices")))
                lists.sheet_state = "hidden"
            column += 1
            list_letter = get_column_letter(column)
            lists.cell(row=1, column=column, value=_cell_value(spec.header))
            for number, choice in enumerate(spec.choices, 2):
                lists.cell(row=number, column=column, value=_cell_value(choice))
            last = len(spec.choices) + 1
            formula = f"{quote_sheetname(lists.title)}!${list_letter}$2:${list_letter}${last}"
        rule = DataValidation(
            type="list",
            formula1=formula,
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=_("Not on the list"),
            error=_("Choose one of the values in the drop-down list."),
            showInputMessage=True,
            promptTitle=spec.header[:32],
            prompt=(_("Choose from the list.") + " " + "、".join(spec.choices))[:255],
        )
        rule.add(f"{letter}2:{letter}{LAST_ROW}")
        sheet.add_data_validation(rule)


def write_table(
    book: Workbook,
    sheet: Worksheet,
    specs: Sequence[ColumnSpec],
    rows: Iterable[Sequence[Any]],
    example: Sequence[Any] | None = None,
) -> None:
    """Write the header, the example row (if any, greyed and marked) and the rows to `sheet`,
    then size the columns, freeze the header and add the drop-downs."""
    sheet.append([_cell_value(spec.header) for spec in specs])
    _style_header(sheet)
    seen: list[list[Any]] = [[] for _spec in specs]
    written = 0
    if example is not None:
        values = [_cell_value(v) for v in example]
        sheet.append([*values, _("← Example row: the import ignores it. Write your rows below.")])
        for cell in sheet[2]:
            cell.font = EXAMPLE_FONT
        for column, value in zip(seen, values, strict=False):
            column.append(value)
        written = 1
    for row in rows:
        values = [_cell_value(v) for v in row]
        sheet.append(values)
        written += 1
        for index, value in enumerate(values):
            fmt = _number_format(value)
            if fmt:
                sheet.cell(row=written + 1, column=index + 1).number_format = fmt
            if index < len(seen):
                seen[index].append(value)
    if example is not None:
        for index, value in enumerate(example):
            fmt = _number_format(value)
            if fmt:
                sheet.cell(row=2, column=index + 1).number_format = fmt
    for index, spec in enumerate(specs):
        letter = get_column_letter(index + 1)
        dimension = sheet.column_dimensions[letter]
        dimension.width = _width(spec, seen[index])
        if spec.kind in (CellKind.DATE, CellKind.DATETIME):
            # Cells the clerk types later in this column show as dates too.
            dimension.number_format = DATE_FORMAT if spec.kind == CellKind.DATE else DATETIME_FORMAT
    if example is not None:
        marker = get_column_letter(len(specs) + 1)
        sheet.column_dimensions[marker].width = 40
    sheet.freeze_panes = "A2"
    if specs:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(specs))}{max(written + 1, 2)}"
    _add_choices(book, sheet, specs)


def write_instructions(
    book: Workbook, specs: Sequence[ColumnSpec], notes: Sequence[str | Promise] = ()
) -> Worksheet:
    """Add the instructions sheet (说明): the notes, then a line per column saying what it
    holds, whether it must be filled in and what may be written in it."""
    sheet = book.create_sheet(sheet_title(_("Instructions")))
    line = 1
    for note in notes:
        sheet.cell(row=line, column=1, value=_cell_value(note))
        line += 1
    if notes:
        sheet.cell(row=1, column=1).font = HEADER_FONT
        line += 1
    headers = [_("Column"), _("What it holds"), _("Required"), _("What to write")]
    for column, text in enumerate(headers, 1):
        sheet.cell(row=line, column=column, value=text)
    _style_header(sheet, line)
    sheet.freeze_panes = f"A{line + 1}"
    table = [
        [
            spec.header,
            str(spec.meaning),
            _("Yes") if spec.required else _("No"),
            "、".join(spec.choices) if spec.choices else str(spec.format),
        ]
        for spec in specs
    ]
    for row in table:
        line += 1
        for column, value in enumerate(row, 1):
            cell = sheet.cell(row=line, column=column, value=_cell_value(value))
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for index, header in enumerate(headers):
        values = [row[index] for row in table]
        spec = ColumnSpec(header=str(header))
        sheet.column_dimensions[get_column_letter(index + 1)].width = _width(spec, values)
    return sheet


def workbook_bytes(
    *,
    title: Any,
    specs: Sequence[ColumnSpec],
    rows: Iterable[Sequence[Any]] = (),
    example: Sequence[Any] | None = None,
    notes: Sequence[str | Promise] = (),
    instructions: bool = True,
) -> bytes:
    """Return an .xlsx file: the table on a first sheet named `title`, then the instructions."""
    book = Workbook()
    sheet = book.active
    sheet.title = sheet_title(title)
    write_table(book, sheet, specs, rows, example)
    if instructions:
        write_instructions(book, specs, notes)
        # The hidden list of choices, if any, goes last, after the instructions.
        for hidden in [s for s in book.worksheets if s.sheet_state == "hidden"]:
            book.move_sheet(hidden, offset=len(book.worksheets) - 1 - book.index(hidden))
    book.active = 0
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _read_csv(data: bytes) -> Workbook:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("gb18030")
    book = Workbook()
    sheet = book.active
    sheet.title = sheet_title(_("Sheet"))
    for row in csv.reader(io.StringIO(text)):
        sheet.append([_cell_value(value) for value in row])
    return book


def _error_column(sheet: Worksheet, header_line: int) -> int:
    """Return the column holding the error messages: the one a previous check added, or a
    new one after the last used column."""
    for cell in sheet[header_line]:
        if header_name(cell.value) == ERROR_COLUMN:
            return cell.column
    return sheet.max_column + 1


def _is_error_fill(fill: Any) -> bool:
    color = getattr(getattr(fill, "fgColor", None), "rgb", None)
    return getattr(fill, "fill_type", None) == "solid" and color == ERROR_RGB


def marked_errors(
    data: bytes, file_name: str, header_line: int, errors: Sequence[dict[str, Any]]
) -> bytes:
    """Return the uploaded file as a workbook with its errors marked: each faulty cell filled,
    and the error column saying what is wrong on each line. Marks a previous check left (the
    same file sent back) are cleared first."""
    if Path(file_name).suffix.lower() == ".csv":
        book = _read_csv(data)
    else:
        book = load_workbook(io.BytesIO(data))
    sheet = book.worksheets[0]
    header_line = max(int(header_line or 1), 1)
    column = _error_column(sheet, header_line)
    for row in sheet.iter_rows(min_row=header_line + 1):
        for cell in row:
            if _is_error_fill(cell.fill):
                cell.fill = PatternFill()
        if len(row) >= column:
            row[column - 1].value = None
    messages: dict[int, list[str]] = defaultdict(list)
    for error in errors:
        line = error.get("line")
        if not line:
            continue
        letter = error.get("letter")
        if letter:
            sheet[f"{letter}{line}"].fill = ERROR_FILL
        text = str(error.get("message", ""))
        if error.get("column"):
            text = _("%(column)s: %(message)s") % {"column": error["column"], "message": text}
        messages[int(line)].append(text)
    header = sheet.cell(row=header_line, column=column, value=ERROR_COLUMN)
    header.font = Font(bold=True, color="FF9C0006")
    header.fill = ERROR_FILL
    for line, texts in messages.items():
        cell = sheet.cell(row=line, column=column, value=_cell_value("\n".join(texts)))
        cell.fill = ERROR_FILL
        cell.font = ERROR_FONT
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    widest = max((display_width(t) for texts in messages.values() for t in texts), default=10)
    sheet.column_dimensions[get_column_letter(column)].width = float(
        min(max(widest + 2, 20), MAX_WIDTH)
    )
    if sheet.freeze_panes is None:
        sheet.freeze_panes = f"A{header_line + 1}"
    book.active = 0
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
