"""Workbooks made as clerks make them (openpyxl): a merged title row and a note above the
column names, trailing blank rows, numbers typed as text or in full width, stray spaces."""

from __future__ import annotations

import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile

from organizations.models import credit_code_check


def credit_code(n: int) -> str:
    """A valid unified social credit code (its check character computed)."""
    first = f"913701{n:011d}"
    return first + credit_code_check(first)


TITLE = "张湾街道驻街单位登记表（2024年）"
NOTE = "填表单位：张湾街道党工委　　填表日期：2024年3月"


def clerk_workbook(
    headers: list[str],
    rows: list[list],
    *,
    titles: tuple[str, ...] = (TITLE, NOTE),
    blank_rows: int = 3,
    name: str = "登记表.xlsx",
) -> SimpleUploadedFile:
    """A workbook as a clerk makes it: title lines merged across the table above the column
    names, the rows, then blank rows that only look empty (spaces, empty strings)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    for number, title in enumerate(titles, 1):
        sheet.cell(row=number, column=1, value=title)
        sheet.merge_cells(start_row=number, start_column=1, end_row=number, end_column=len(headers))
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    for _ in range(blank_rows):
        sheet.append(["", " ", "　", None])
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile(name, out.getvalue())


def header_line(titles: tuple[str, ...] = (TITLE, NOTE)) -> int:
    return len(titles) + 1
