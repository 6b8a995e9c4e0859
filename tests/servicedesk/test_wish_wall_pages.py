"""The micro-wish wall shows the street's wishes a page at a time, newest first; its ?page= is
read as input (a bad one 400, one past the end 404), in the same few queries on any page."""

import pytest
from django.urls import reverse

from servicedesk import services
from servicedesk.views import WISH_PAGE
from tests.factories import CommunityFactory, StreetFactory, secretary

pytestmark = pytest.mark.django_db


@pytest.fixture
def wall():
    street = StreetFactory()
    community = CommunityFactory(parent=street)
    desk = secretary(community)
    for n in range(WISH_PAGE + 6):
        wish = services.wish_submit(
            community=community,
            title=f"心愿{n:02d}",
            resident_name="钱",
            resident_phone="13600002222",
        )
        services.wish_review(wish=wish, publish=True, by=desk)
    return street


def _cards(response) -> int:
    return response.content.decode().count('<li class="card">')


def test_the_wall_shows_one_page_of_wishes_with_links_to_the_next(client, wall):
    first = client.get(reverse("servicedesk:wishes"))
    assert _cards(first) == WISH_PAGE
    page = first.content.decode()
    assert "心愿29" in page and "心愿05" not in page  # newest first
    assert 'rel="next"' in page and 'href="?page=2"' in page
    second = client.get(reverse("servicedesk:wishes"), {"page": 2})
    assert _cards(second) == 6 and "心愿00" in second.content.decode()
    assert 'rel="prev"' in second.content.decode()


def test_the_wall_keeps_the_street_in_its_page_links(client, wall):
    page = client.get(reverse("servicedesk:wishes"), {"street": wall.code}).content.decode()
    assert f"street={wall.code}" in page.split('rel="next"')[0].rsplit("href=", 1)[1]


@pytest.mark.parametrize("bad", ["abc", "0", "-2", "2.5", "9" * 30])
def test_a_bad_page_is_a_400_not_a_500(client, wall, bad):
    assert client.get(reverse("servicedesk:wishes"), {"page": bad}).status_code == 400


def test_a_page_past_the_end_is_a_404(client, wall):
    assert client.get(reverse("servicedesk:wishes"), {"page": 3}).status_code == 404


@pytest.mark.parametrize("number", [1, 2])
def test_any_page_of_the_wall_takes_the_same_few_queries(
    client, wall, number, django_assert_max_num_queries
):
    with django_assert_max_num_queries(3):
        response = client.get(reverse("servicedesk:wishes"), {"page": number})
    assert response.status_code == 200
