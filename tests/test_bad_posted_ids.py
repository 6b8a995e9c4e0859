"""Ids posted by a form (checkboxes, a chosen grid or team) are input like any query parameter:
a value that is not an id answers 400 with a message, never a 500."""

import pytest
from django.urls import reverse

from tests.factories import secretary
from tests.factories.volunteers import volunteer
from volunteers import services

pytestmark = pytest.mark.django_db

NOT_IDS = ["abc", "1.5", "99999999999999999999", "-3", "\x00"]


@pytest.mark.parametrize("value", NOT_IDS)
def test_approvals_refuse_a_posted_volunteer_that_is_not_an_id(client, small_street, value):
    community = small_street.communities[0]
    waiting = volunteer(community, approve=False)
    client.force_login(secretary(community))
    response = client.post(
        reverse("volunteers:approvals"), {"volunteer": [waiting.pk, value], "approve": "1"}
    )
    assert response.status_code == 400
    waiting.refresh_from_db()
    assert waiting.status == "pending"  # nothing of a refused form is done


@pytest.mark.parametrize("field", ["grid", "team"])
def test_the_dual_report_board_refuses_a_grid_or_team_that_is_not_an_id(
    client, small_street, field
):
    from tests.factories.alliance import UnitFactory

    community = small_street.communities[0]
    report = services.dual_report_unit(
        unit=UnitFactory(community=community), community=community, year=2026
    )
    client.force_login(secretary(community))
    url = reverse("volunteers:compliance", args=[community.pk, 2026])
    response = client.post(url, {"report": report.pk, field: "abc"})
    assert response.status_code == 400
    report.refresh_from_db()
    assert report.confirmed_at is None
