"""Import a spreadsheet in two steps: check it whole (a dry run that writes nothing), then, once
someone has read the report and confirmed, import it all or nothing.

The report lists every row error with its line, column and a message in plain words, and every
row that would change, so the person who sent the file can fix it in Excel and send it again;
the same errors come back marked in a copy of the file (exchange.workbook.marked_errors).

Files are read as clerks make them: title rows above the column names (the line naming the most
known columns is the header), blank rows, numbers typed as text or in full width, stray spaces
(exchange.text). Lines in the report are the sheet's own line numbers.
"""

from __future__ import annotations

import csv
import datetime
import io
import logging
from collections.abc import Callable, Collection, Sequence
from pathlib import Path
from string import ascii_uppercase
from typing import TYPE_CHECKING, Any

import tablib
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from import_export.results import Result, RowResult
from kombu.exceptions import OperationalError
from python_calamine import CalamineWorkbook

from common.cells import unquote_cell

from . import limits
from .access import can_manage, is_street_staff, scope_for
from .models import ImportJob, JobStatus
from .registry import KINDS, ImportKind
from .text import clean_cell, header_name
from .workbook import ERROR_COLUMN, marked_errors, workbook_bytes

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

logger = logging.getLogger("alliance.exchange")

# Changes kept in a report; a bigger file still imports whole, the report shows the first ones.
REPORT_CHANGES = 500
PROGRESS_EVERY = 25

# Puts a job on the Celery queue. exchange.tasks sets it when it loads (ExchangeConfig.ready()
# imports it): the task calls this module, so this module does not import the task.
queue_job: Callable[[int, bool], Any] | None = None


def column_letter(index: int) -> str:
    """Return the Excel column letter of a 0-based column index (0 → A, 26 → AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = ascii_uppercase[rest] + letters
    return letters


def _cell(value: Any) -> Any:
    if value == "":
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _xlsx_rows(data: bytes) -> list[list[Any]]:
    """The first sheet's rows, read by python-calamine (some ten times faster than openpyxl on
    a sheet of thousands of rows), with cells as openpyxl gives them: an empty cell is None and
    a whole number an int (so a phone typed as a number stays 13912345678, not ...678.0)."""
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    sheet = book.get_sheet_by_index(0)
    return [[_cell(value) for value in row] for row in sheet.to_python(skip_empty_area=False)]


def _sheet_rows(data: bytes, file_name: str) -> list[list[Any]]:
    suffix = Path(file_name).suffix.lower()
    if suffix == ".xlsx":
        limits.workbook_check(data)
        return _xlsx_rows(data)
    if suffix == ".csv":
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("gb18030")  # Excel on Chinese Windows saves CSV this way
        limits.csv_check(text)
        return [list(row) for row in csv.reader(io.StringIO(text))]
    raise ValidationError(_("Upload an Excel (.xlsx) or CSV (.csv) file."))


def _filled(row: Sequence[Any]) -> bool:
    return any(value is not None and str(value).strip() for value in row)


def find_header(rows: Sequence[Sequence[Any]], known: Collection[str]) -> int:
    """Return the index of the line holding the column names: among the first few lines, the
    one that names the most `known` columns (a clerk's title rows stand above it); when none
    names any, the first line with anything in it."""
    known = set(known)
    best, score = None, 0
    for index, row in enumerate(rows[: limits.HEAD_ROWS]):
        found = len({header_name(cell) for cell in row} & known)
        if found > score:
            best, score = index, found
    if best is not None:
        return best
    return next((i for i, row in enumerate(rows[: limits.HEAD_ROWS]) if _filled(row)), 0)


def known_columns(kind: ImportKind) -> set[str]:
    """Return every column a file of `kind` may hold: the template's and an export's."""
    resource = kind.resource_class
    return set(resource.headers()) | set(resource.all_headers())


def read_dataset(data: bytes, file_name: str, known: Collection[str] = ()) -> tablib.Dataset:
    """Read an .xlsx or .csv file into a dataset, or raise ValidationError saying why not.

    The file's size, unpacked size, rows and columns are checked first (exchange.limits),
    so that a small file that unpacks to a huge sheet is refused before any reader builds it.
    The column names are looked for below any title rows (see find_header); blank rows are
    left out, cells cleaned (exchange.text), and the dataset's `lines` gives each row's line
    in the sheet, `header_line` the column names' line.
    """
    limits.upload_check(io.BytesIO(data), file_name, len(data))
    try:
        rows = _sheet_rows(data, file_name)
    except ValidationError:
        raise
    except Exception as exc:  # a broken file: any reader error means the same to the user
        raise ValidationError(
            _("The file could not be read. Save it again from Excel as .xlsx and retry.")
        ) from exc
    if not any(_filled(row) for row in rows):
        raise ValidationError(_("The file is empty: the first line must hold the column names."))
    start = find_header(rows, known)
    headers = [header_name(h) for h in rows[start]]
    width = max(len(row) for row in rows[start:])
    headers += [""] * (width - len(headers))
    clean = tablib.Dataset(headers=headers)
    lines = []
    for line, row in enumerate(rows[start + 1 :], start + 2):
        values = [clean_cell(value) for value in row] + [None] * (width - len(row))
        if not _filled(values):
            continue
        clean.append([unquote_cell(value) for value in values])
        lines.append(line)
    clean.lines = lines
    clean.header_line = start + 1
    return clean


def _plain(value: Any) -> str:
    """A cell as text, whichever way the file holds it, to compare with the example row."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def without_example(dataset: tablib.Dataset, kind: ImportKind) -> tuple[tablib.Dataset, list]:
    """Return the dataset less the rows that are the template's example row left in place,
    and the lines they were on."""
    resource = kind.resource_class
    example = {
        header: _plain(value)
        for header, value in zip(resource.headers(), resource.example_row(), strict=True)
        if header in dataset.headers
    }
    if not any(example.values()):
        return dataset, []
    positions = {header: dataset.headers.index(header) for header in example}
    kept = tablib.Dataset(headers=dataset.headers)
    lines, dropped = [], []
    for row, line in zip(dataset, getattr(dataset, "lines", []), strict=False):
        if all(_plain(row[positions[h]]) == value for h, value in example.items()):
            dropped.append(line)
            continue
        kept.append(row)
        lines.append(line)
    if not dropped:
        return dataset, []
    kept.lines = lines
    kept.header_line = getattr(dataset, "header_line", 1)
    return kept, dropped


def check_columns(headers: list[str], kind: ImportKind) -> None:
    """Raise ValidationError when columns are missing or unknown, naming them."""
    resource = kind.resource_class
    expected = resource.required_headers()
    missing = [h for h in expected if h not in headers]
    known = known_columns(kind) | {ERROR_COLUMN}  # the column of a file sent back marked
    unknown = [h for h in headers if h and h not in known]
    problems = []
    if missing:
        problems.append(_("Missing columns: %(names)s.") % {"names": "、".join(missing)})
    if unknown:
        problems.append(_("Unknown columns: %(names)s.") % {"names": "、".join(unknown)})
    if problems:
        problems.append(_("Download the template and keep its line of column names as it is."))
        raise ValidationError(" ".join(problems))


def check_headers(dataset: tablib.Dataset, kind: ImportKind) -> None:
    """Raise ValidationError when columns are missing or unknown, or the file has no rows or
    too many."""
    check_columns(dataset.headers, kind)
    if not len(dataset):
        raise ValidationError(_("The file has column names but no rows."))
    if len(dataset) > settings.IMPORT_MAX_ROWS:
        raise ValidationError(
            _("The file has %(rows)s rows; at most %(max)s can be imported at once.")
            % {"rows": len(dataset), "max": settings.IMPORT_MAX_ROWS}
        )


def may_import(user: AbstractBaseUser, kind: ImportKind) -> bool:
    if not can_manage(user):
        return False
    return not kind.street_only or user.is_superuser or is_street_staff(user)


def template_dataset(kind: ImportKind) -> tablib.Dataset:
    """The import's Chinese column names and the example row, to fill in (as CSV)."""
    resource = kind.resource_class
    return tablib.Dataset(resource.example_row(), headers=resource.headers())


def template_notes() -> list[str]:
    """What the instructions sheet of every template says before its columns."""
    return [
        _("How to fill in this file"),
        _(
            "Write one row per record on the first sheet, below the line of column names; "
            "keep that line as it is."
        ),
        _("The grey row in italics is an example: the import ignores it."),
        _(
            "Columns marked “Yes” under “Required” must be filled in; a column with a "
            "drop-down takes only the values listed."
        ),
        _(
            "A place may be written by its name (张湾社区), its code (c01) or its code path "
            "(zhangwan/c01); where several places share a name, write the code path."
        ),
        _(
            "Title rows above the column names, blank rows, and numbers typed as text or in "
            "full width are all read as meant."
        ),
        _(
            "If the check finds errors, download the file with its errors marked, correct the "
            "red cells and upload it again."
        ),
    ]


def template_workbook(kind: ImportKind) -> bytes:
    """The import's template as an Excel file: column names, example row, drop-downs and the
    instructions sheet."""
    resource = kind.resource_class
    return workbook_bytes(
        title=kind.label,
        specs=resource.column_specs(),
        example=resource.example_row(),
        notes=template_notes(),
    )


def job_create(
    *, user: AbstractBaseUser, kind_slug: str, upload: UploadedFile, language: str
) -> ImportJob:
    """Accept an upload after the cheap checks (type, size, a workbook's zip directory, the
    first line's columns) and queue its check; the worker reads the rows.

    The web process never parses the whole file: a small workbook can unpack to a huge sheet,
    and only the worker, after exchange.limits has counted the rows, builds it."""
    kind = KINDS.get(kind_slug)
    if kind is None:
        raise ValidationError(_("Choose what the file holds."))
    if not may_import(user, kind):
        raise PermissionDenied
    limits.upload_check(upload, upload.name, upload.size)
    head = limits.head_rows(upload, upload.name)
    if not any(_filled(row) for row in head):
        raise ValidationError(_("The file is empty: the first line must hold the column names."))
    check_columns([header_name(h) for h in head[find_header(head, known_columns(kind))]], kind)
    upload.seek(0)
    job = ImportJob(
        kind=kind.slug,
        file_name=Path(upload.name).name[:200],
        uploaded_by=user,
        total_rows=0,  # counted by the worker
        report={"language": language},
    )
    job.file.save(Path(upload.name).name, upload, save=False)
    job.save()
    _start(job, apply=False)
    return job


def job_confirm(*, job: ImportJob, user: AbstractBaseUser) -> ImportJob:
    """Start the real import of a checked file (only its uploader or an administrator)."""
    if job.uploaded_by_id != user.pk and not user.is_superuser:
        raise PermissionDenied
    updated = ImportJob.objects.filter(pk=job.pk, status=JobStatus.CHECKED).update(
        status=JobStatus.IMPORTING
    )
    if not updated:
        raise ValidationError(_("Only a checked file without errors can be imported."))
    job.refresh_from_db()
    _start(job, apply=True)
    return job


def _start(job: ImportJob, *, apply: bool) -> None:
    progress_set(job.pk, 0, job.total_rows)
    transaction.on_commit(lambda: _hand_to_worker(job.pk, apply))


def _hand_to_worker(job_id: int, apply: bool) -> None:
    """Queue the job for a Celery worker; when the queue cannot be reached, run it here and
    now rather than leave it waiting for ever."""
    if queue_job is None:
        raise RuntimeError("exchange.services: exchange.tasks has not registered queue_job")
    try:
        queue_job(job_id, apply)
    except OperationalError:
        logger.warning("task queue unreachable: import job %s runs in the web process", job_id)
        job_run(job_id, apply)


def progress_key(job_id: int) -> str:
    return f"exchange:progress:{job_id}"


def progress_set(job_id: int, done: int, total: int) -> None:
    cache.set(progress_key(job_id), {"done": done, "total": total}, 24 * 3600)


def progress_get(job: ImportJob) -> dict[str, int]:
    """Rows done so far and the total, for the progress bar."""
    if not job.running:
        return {"done": job.total_rows, "total": job.total_rows}
    return cache.get(progress_key(job.pk)) or {"done": 0, "total": job.total_rows}


def job_run(job_id: int, apply: bool) -> ImportJob:
    """Check (apply=False) or import (apply=True) a job's file; record the report."""
    job = ImportJob.objects.select_related("uploaded_by").get(pk=job_id)
    expected = JobStatus.IMPORTING if apply else JobStatus.CHECKING
    if job.status != expected:
        return job  # already run: a task delivered twice does nothing the second time
    kind = KINDS[job.kind]
    with translation.override(job.report.get("language") or settings.LANGUAGE_CODE):
        try:
            with job.file.open("rb") as handle:
                dataset = read_dataset(handle.read(), job.file_name, known_columns(kind))
            header_line = dataset.header_line
            dataset, example_lines = without_example(dataset, kind)
            if example_lines and not len(dataset):
                raise ValidationError(
                    _("The file holds only the template's example row: write your rows below it.")
                )
            check_headers(dataset, kind)
            total = len(dataset)
            if job.total_rows != total:
                job.total_rows = total
                job.save(update_fields=["total_rows"])
            resource = kind.resource_class(scope=scope_for(job.uploaded_by))
            resource.on_progress = lambda done: progress_set(job.pk, done, total)
            result = resource.import_data(
                dataset,
                dry_run=not apply,
                use_transactions=True,
                rollback_on_validation_errors=True,
                raise_errors=False,
            )
            report = build_report(result, resource, dataset.headers, dataset.lines)
            report["header_line"] = header_line
            report["example_lines"] = example_lines
        except ValidationError as exc:
            report = {"errors": [{"line": None, "column": "", "message": m} for m in exc.messages]}
    report["language"] = job.report.get("language")
    has_errors = bool(report.get("errors"))
    if apply:
        job.status = JobStatus.FAILED if has_errors else JobStatus.DONE
    else:
        job.status = JobStatus.INVALID if has_errors else JobStatus.CHECKED
    job.report = report
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "report", "finished_at"])
    progress_set(job.pk, job.total_rows, job.total_rows)
    return job


def _column(resource: Any, field_name: str, headers: list[str]) -> tuple[str, str]:
    field = resource.fields.get(field_name)
    if field is None:
        return "", ""
    name = field.column_name
    letter = column_letter(headers.index(name)) if name in headers else ""
    return name, letter


def build_report(
    result: Result, resource: Any, headers: list[str], lines: Sequence[int] = ()
) -> dict[str, Any]:
    """Turn an import result into what the report page shows, in plain words. `lines` gives
    each row's line in the sheet (else the row after the line of column names)."""

    def sheet_line(number: int) -> int:
        return lines[number - 1] if 0 < number <= len(lines) else number + 1

    errors: list[dict[str, Any]] = []
    for error in result.base_errors:
        errors.append({"line": None, "column": "", "letter": "", "message": str(error.error)})
    for invalid in result.invalid_rows:
        line = sheet_line(invalid.number)
        for field_name, messages in invalid.error_dict.items():
            column, letter = (
                ("", "")
                if field_name == NON_FIELD_ERRORS
                else _column(resource, field_name, headers)
            )
            for message in messages:
                errors.append(
                    {"line": line, "column": column, "letter": letter, "message": message}
                )
    for number, row_errors in result.row_errors():
        for error in row_errors:
            errors.append(
                {
                    "line": sheet_line(number),
                    "column": "",
                    "letter": "",
                    "message": _("This row could not be saved: %(error)s") % {"error": error.error},
                }
            )
    errors.sort(key=lambda e: (e["line"] or 0, e["letter"]))
    changes = []
    columns = [field.column_name for field in resource.get_export_fields()]
    for number, row in enumerate(result.rows, 1):
        if row.import_type not in (RowResult.IMPORT_TYPE_NEW, RowResult.IMPORT_TYPE_UPDATE):
            continue
        if len(changes) >= REPORT_CHANGES:
            break
        updated = row.import_type == RowResult.IMPORT_TYPE_UPDATE
        changed = []
        if updated and row.original is not None and row.instance is not None:
            before = resource.export_resource(row.original)
            after = resource.export_resource(row.instance)
            for column, old, new in zip(columns, before, after, strict=True):
                old, new = ("" if old is None else str(old)), ("" if new is None else str(new))
                if old != new:
                    changed.append({"column": column, "old": old, "new": new})
        changes.append(
            {
                "line": sheet_line(number),
                "action": "update" if updated else "new",
                "object": row.object_repr or "",
                "changed": changed,
            }
        )
    totals = dict(result.totals)
    return {"totals": totals, "errors": errors, "changes": changes}


def has_marked_errors(job: ImportJob) -> bool:
    """Return whether the job's report names errors on lines of the file, so that a copy of
    the file with them marked can be offered."""
    return not job.running and any(e.get("line") for e in job.report.get("errors", []))


def errors_workbook(job: ImportJob) -> bytes:
    """Return the job's file as a workbook with the check's errors marked (see
    exchange.workbook.marked_errors)."""
    with job.file.open("rb") as handle:
        data = handle.read()
    if Path(job.file_name).suffix.lower() == ".xlsx":
        limits.workbook_check(data)  # checked by the worker already; cheap, and never skipped
    with translation.override(job.report.get("language") or settings.LANGUAGE_CODE):
        return marked_errors(
            data, job.file_name, job.report.get("header_line") or 1, job.report["errors"]
        )
