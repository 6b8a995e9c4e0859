"""Helpers for the import tests: build spreadsheets in memory and run jobs as a worker would."""

from __future__ import annotations

import io

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile

from exchange import services
from exchange.models import ImportJob


def sheet(
    headers: list[str], rows: list[list], fmt: str = "xlsx", name: str = ""
) -> SimpleUploadedFile:
    dataset = tablib.Dataset(*rows, headers=headers)
    body = dataset.export("xlsx") if fmt == "xlsx" else dataset.export("csv").encode("utf-8-sig")
    return SimpleUploadedFile(name or f"upload.{fmt}", body)


def read_xlsx(content: bytes) -> tablib.Dataset:
    return tablib.Dataset().load(io.BytesIO(content), format="xlsx")


@pytest.fixture
def run_job(eager_celery, django_capture_on_commit_callbacks):
    """Upload a file and run its check; `confirm=True` imports it too. Returns the job."""

    def run(user, kind: str, upload, confirm: bool = False) -> ImportJob:
        with django_capture_on_commit_callbacks(execute=True):
            job = services.job_create(user=user, kind_slug=kind, upload=upload, language="zh-hans")
        job.refresh_from_db()
        if confirm and job.status == "checked":
            with django_capture_on_commit_callbacks(execute=True):
                services.job_confirm(job=job, user=user)
            job.refresh_from_db()
        return job

    return run
