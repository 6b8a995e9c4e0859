"""The coverage of a street's compounds is worked out once and kept: the next look costs no
query, and a change made through the site (a site added in the admin) shows at once."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from servicemap.models import ServiceSite
from servicemap.selectors import compound_coverage
from tests.factories import street_staff
from tests.servicemap.test_walk import LNG, street  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


def test_a_second_look_is_answered_without_a_query(street, django_assert_num_queries):  # noqa: F811
    first = compound_coverage(street["street"])
    with django_assert_num_queries(0):
        assert compound_coverage(street["street"]) == first
    far = next(row for row in first if row["id"] == street["far"].pk)
    assert far == {**far, "name": street["far"].name, "covered": False}
    assert far["grid"] == street["community"].name


def test_a_site_added_through_the_admin_covers_its_compound_at_once(client, street):  # noqa: F811
    far = street["far"]
    assert not _covered(street, far.pk)
    client.force_login(street_staff(street["street"]))
    added = client.post(
        reverse("admin:servicemap_servicesite_add"),
        {
            "name": "远处的驿站",
            "kind": "rest",
            "node": street["community"].pk,
            "address": "北边",
            "hours": "全天",
            "latitude": str(far.latitude),
            "longitude": str(LNG),
            "active": "on",
            "photos-TOTAL_FORMS": "0",
            "photos-INITIAL_FORMS": "0",
        },
    )
    assert added.status_code == 302, added.context and added.context["errors"]
    assert ServiceSite.objects.filter(name="远处的驿站").exists()
    assert _covered(street, far.pk)


def _covered(street, compound_id: int) -> bool:  # noqa: F811
    rows = compound_coverage(street["street"])
    return next(row for row in rows if row["id"] == compound_id)["covered"]


def test_a_change_made_outside_the_site_waits_for_the_rows_to_expire(street):  # noqa: F811
    far = street["far"]
    compound_coverage(street["street"])
    ServiceSite.objects.create(
        name="任务建的",
        kind="rest",
        node=street["community"],
        address="x",
        hours="全天",
        latitude=far.latitude + Decimal("0.0001"),
        longitude=LNG,
    )
    assert not _covered(street, far.pk)  # kept: a task's change waits for the rows to expire
