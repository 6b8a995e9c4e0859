"""The service desk's requests and wishes come a page at a time, each list paged on its own,
so a secretary's phone does not scroll through hundreds of rows; bad page numbers answer 400,
a page past the end 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from servicedesk import services
from servicedesk.views import DESK_PAGE
from tests.factories import CommunityFactory, StreetFactory, secretary

pytestmark = pytest.mark.django_db


@pytest.fixture
def crowded():
    community = CommunityFactory(parent=StreetFactory())
    for n in range(DESK_PAGE + 2):
        services.request_submit(
            community=community,
            category="repair",
            description=f"问题{n}",
            resident_name="钱",
            resident_phone="13600002222",
        )
    services.wish_submit(
        community=community, title="心愿", resident_name="钱", resident_phone="13600002222"
    )
    return community


def test_the_requests_come_in_pages(client, crowded, django_assert_max_num_queries):
    client.force_login(secretary(crowded))
    url = reverse("servicedesk:desk")
    with django_assert_max_num_queries(12):
        first = client.get(url).content.decode()
    assert first.count('href="/desk/requests/') == DESK_PAGE
    assert "?requests=2" in first
    second = client.get(url, {"requests": 2, "wishes": 1}).content.decode()
    assert second.count('href="/desk/requests/') == 2
    assert second.count('href="/desk/wishes/') == 1  # the wishes' page is its own


def test_bad_pages_answer_400_or_404(client, crowded):
    client.force_login(secretary(crowded))
    url = reverse("servicedesk:desk")
    assert client.get(url, {"requests": "x"}).status_code == 400
    assert client.get(url, {"requests": 0}).status_code == 400
    assert client.get(url, {"wishes": 9}).status_code == 404
