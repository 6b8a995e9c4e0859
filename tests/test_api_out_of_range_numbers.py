"""Numbers too big for the database are refused with a 400 (filters) or a 404 (ids in the path),
never an error 500 — cases the schemathesis run found."""

import pytest
from rest_framework.test import APIClient

from tests.factories import street_staff

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999999"


@pytest.mark.parametrize(
    "url",
    [
        f"/api/v1/nodes/?parent={HUGE}",
        f"/api/v1/nodes/?under={HUGE}",
        f"/api/v1/followups/?owner={HUGE}",
        f"/api/v1/units/?community={HUGE}",
        f"/api/v1/pledges/?node={HUGE}",
        f"/api/v1/pledges/?year={HUGE}",
    ],
)
def test_an_out_of_range_filter_is_a_400(small_street, url):
    api = APIClient()
    api.force_authenticate(street_staff(small_street.street))
    response = api.get(url)
    assert response.status_code == 400, url


@pytest.mark.parametrize("prefix", ["nodes", "units", "meetings", "followups", "service-sites"])
def test_an_out_of_range_id_is_not_found(small_street, prefix):
    api = APIClient()
    api.force_authenticate(street_staff(small_street.street))
    assert api.get(f"/api/v1/{prefix}/{HUGE}/").status_code == 404
