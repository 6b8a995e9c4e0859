"""A failure in the middle of an import, on one row or while a batch is written, leaves
nothing of it behind."""

from __future__ import annotations

import pytest
from django.db import DatabaseError

from exchange import services
from organizations.models import PartyOrganization, Unit, UnitQuerySet
from organizations.resources import UnitResource
from tests.exchange.conftest import sheet
from tests.exchange.test_unit_import import unit_rows
from tests.factories import street_staff

pytestmark = pytest.mark.django_db


def test_a_database_error_on_row_30_of_50_writes_nothing(small_street, run_job, monkeypatch):
    staff = street_staff(small_street.street)
    upload = sheet(UnitResource.headers(), unit_rows(small_street.communities, 50))
    job = run_job(staff, "units", upload)
    assert job.status == "checked"

    saved = UnitResource.after_save_instance
    calls = {"n": 0}

    def failing(self, instance, row, **kwargs):
        calls["n"] += 1
        if calls["n"] == 30:
            raise DatabaseError("the disk is full")
        return saved(self, instance, row, **kwargs)

    monkeypatch.setattr(UnitResource, "after_save_instance", failing)
    services.job_confirm(job=job, user=staff)  # queued; the worker's run happens here
    services.job_run(job.pk, True)
    job.refresh_from_db()
    assert job.status == "failed"
    assert [e["line"] for e in job.report["errors"]] == [31]
    assert "the disk is full" in job.report["errors"][0]["message"]
    assert not Unit.objects.exists()
    assert not PartyOrganization.objects.filter(unit__isnull=False).exists()


def test_a_database_error_writing_the_second_batch_leaves_the_first_unwritten(
    small_street, run_job, monkeypatch
):
    staff = street_staff(small_street.street)
    upload = sheet(UnitResource.headers(), unit_rows(small_street.communities, 50))
    job = run_job(staff, "units", upload)
    assert job.status == "checked"

    monkeypatch.setattr(UnitResource._meta, "batch_size", 20)
    written = UnitQuerySet.bulk_create
    batches = []

    def failing(self, objs, *args, **kwargs):
        batches.append(len(objs))
        if len(batches) == 2:
            raise DatabaseError("the disk is full")
        return written(self, objs, *args, **kwargs)

    monkeypatch.setattr(UnitQuerySet, "bulk_create", failing)
    services.job_confirm(job=job, user=staff)
    services.job_run(job.pk, True)
    job.refresh_from_db()
    # The first batch was written, with its party organisations; after the failed second
    # one the rest of the rows are checked but nothing more is written.
    assert batches == [20, 20]
    assert job.status == "failed"
    assert "the disk is full" in job.report["errors"][0]["message"]
    assert not Unit.objects.exists()
    assert not PartyOrganization.objects.filter(unit__isnull=False).exists()
