"""Each workspace runs a fixed number of queries: five rows of every kind cost what one does."""

import pytest
from django.urls import reverse

from tests.workspace.world import count_queries, fill

pytestmark = pytest.mark.django_db

# (who, page, most queries (the header's unread count among them), how many rows the page shows
# once each side has five of a kind)
PAGES = [
    # +1: open summons calls; +1: the street above the unit (streets share a district's tree)
    ("contact", "workspace:unit", 23, lambda c: len(c["offers"])),
    # +1: the street above the volunteer's community, for the activities to join
    ("volunteer_user", "workspace:volunteer", 14, lambda c: c["hours_pending"]["times"]),
    ("secretary", "workspace:community", 23, lambda c: c["desk"]["to_triage"]["count"]),
    # +1: what the street reported up to its district
    ("staff", "workspace:street", 11, lambda c: len(c["escalations"]) - 5),
]


def _user(world, who):
    return world["staff"] if who == "staff" else world["a"][who]


@pytest.mark.parametrize(("who", "name", "most", "rows"), PAGES)
def test_the_query_count_is_pinned_and_does_not_grow_with_rows(
    client, world, django_assert_max_num_queries, who, name, most, rows
):
    client.force_login(_user(world, who))
    url = reverse(name)
    one = count_queries(client, url)
    fill(world["a"], 4)
    fill(world["b"], 4)
    with django_assert_max_num_queries(most):
        response = client.get(url)
    assert rows(response.context) == 5  # the rows really are there
    assert count_queries(client, url) == one
