"""Each app registers its own imports with exchange; the back office lists and filters by them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from exchange.models import ImportJob
from exchange.registry import KINDS, kind_label
from tests.factories import street_staff


def test_every_app_registers_its_imports_in_the_back_office_order():
    assert list(KINDS) == [
        "nodes",
        "stewards",
        "units",
        "committee_members",
        "volunteers",
        "sites",
    ]
    assert KINDS["units"].resource_class.__module__ == "organizations.resources"
    assert kind_label("no-longer-offered") == "no-longer-offered"


@pytest.mark.django_db
def test_the_job_list_names_and_filters_jobs_by_their_registered_kind(client, small_street):
    user = street_staff(small_street.street)
    for kind in ("units", "volunteers"):
        ImportJob.objects.create(
            kind=kind, file=f"imports/{kind}.xlsx", file_name=f"{kind}.xlsx", uploaded_by=user
        )
    client.force_login(user)
    url = reverse("admin:exchange_importjob_changelist")

    page = client.get(url, {"kind": "units"}).content.decode()
    assert "units.xlsx" in page and "volunteers.xlsx" not in page
    assert str(KINDS["units"].label) in page

    # An unknown kind in the query string lists everything rather than failing.
    response = client.get(url, {"kind": "no-such-kind"})
    assert response.status_code == 200
    assert "units.xlsx" in response.content.decode()
    assert "volunteers.xlsx" in response.content.decode()
