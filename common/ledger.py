"""One section of an inspection ledger (台账): a titled table. Each domain's selectors give
their sections for a place and a period (`ledger_sections`); the dashboard puts them into one
document, a PDF or a workbook with a sheet per section, knowing no domain's models."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Section:
    key: str  # the sheet's name in the workbook: short, unique, ASCII
    title: str
    headers: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    # Totals or figures an inspector reads first, shown under the title ("12 meetings held").
    summary: str = ""
