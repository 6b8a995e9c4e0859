"""Rows are matched to records by their key columns, looked up for the whole file at once:
a key repeated in the file updates the row above it, a key held outside the user's scope is
refused in plain words, and the queries an import costs do not grow with its rows."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from organizations.models import PartyOrganization, Unit
from organizations.resources import UnitResource
from tests.exchange.conftest import sheet
from tests.exchange.test_unit_import import unit_rows
from tests.factories import secretary, street_staff
from tests.factories.volunteers import volunteer
from volunteers.models import Volunteer
from volunteers.resources import VolunteerResource

pytestmark = pytest.mark.django_db

HEADERS = UnitResource.headers()


def test_a_unit_named_twice_in_one_file_is_one_unit_with_the_later_row(small_street, run_job):
    rows = unit_rows(small_street.communities[:1], 2)
    rows[1][1] = rows[0][1]  # the same community and name
    rows[1][3] = "后来的负责人"
    job = run_job(street_staff(small_street.street), "units", sheet(HEADERS, rows), confirm=True)
    assert job.status == "done", job.report
    unit = Unit.objects.get()
    assert unit.leader_name == "后来的负责人"
    assert PartyOrganization.objects.filter(unit=unit).count() == 1


def test_a_phone_held_by_a_volunteer_of_another_community_is_refused(small_street, run_job):
    own, other = small_street.communities
    volunteer(other, phone="13912345678", name="别的社区的人")
    headers = VolunteerResource.headers()
    row = [own.code_path, "新来的人", "13912345678", "", "", "否", "", "在册"]
    job = run_job(secretary(own), "volunteers", sheet(headers, [row]))
    assert job.status == "invalid"
    assert [(e["line"], e["column"]) for e in job.report["errors"]] == [(2, "手机号")]
    assert Volunteer.objects.get(phone="13912345678").community == other


def _queries_to_import(run_job, user, rows) -> int:
    with CaptureQueriesContext(connection) as captured:
        job = run_job(user, "units", sheet(HEADERS, rows), confirm=True)
    assert job.status == "done", job.report
    return len(captured)


def test_each_row_costs_the_same_few_queries_however_long_the_file(small_street, run_job):
    staff = street_staff(small_street.street)
    short = _queries_to_import(run_job, staff, unit_rows(small_street.communities, 10))
    Unit.objects.all().delete()
    long = _queries_to_import(run_job, staff, unit_rows(small_street.communities, 40))
    # Checked, then imported: rows are written a batch at a time, so 40 rows of one batch
    # cost what 10 do.
    assert long == short


def test_two_units_naming_one_party_organisation_are_refused_in_plain_words(small_street, run_job):
    rows = unit_rows(small_street.communities[:1], 2)
    rows[1][11] = rows[0][11]  # the second unit's party organisation takes the first one's name
    job = run_job(street_staff(small_street.street), "units", sheet(HEADERS, rows))
    assert job.status == "invalid"
    assert [(e["line"], e["column"]) for e in job.report["errors"]] == [(3, "党组织名称")]
    assert job.report["errors"][0]["message"] == f"本地已有另一个党组织名为“{rows[0][11]}”。"
    assert not Unit.objects.exists()
