"""The public forms list every community and compound of the street in a few queries, however
many there are: naming a community never reads its parent."""

import pytest
from django.urls import reverse

from tests.factories import CommunityFactory, CompoundFactory, StreetFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["servicedesk:help", "servicedesk:wish-new"])
def test_the_form_page_queries_do_not_grow_with_the_street(
    client, name, django_assert_max_num_queries
):
    street = StreetFactory()
    for _ in range(12):
        CompoundFactory(parent=CommunityFactory(parent=street))
    with django_assert_max_num_queries(6):
        response = client.get(reverse(name))
    assert response.status_code == 200
    assert response.content.decode().count("<option") >= 24
