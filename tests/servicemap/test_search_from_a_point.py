"""The walk search from a point: the phone's location or a tap on the map arrive as lat/lng."""

from decimal import Decimal

import pytest
from django.urls import reverse

from servicemap.models import ServiceSite
from tests.factories import CommunityFactory, StreetFactory

pytestmark = pytest.mark.django_db

LAT, LNG = Decimal("36.860000"), Decimal("117.740000")


@pytest.fixture
def sites():
    street = StreetFactory(latitude=LAT, longitude=LNG)
    community = CommunityFactory(parent=street, latitude=LAT, longitude=LNG)
    made = {}
    for name, dlat in [("近", "0.003"), ("远", "0.020")]:
        made[name] = ServiceSite.objects.create(
            name=name,
            kind="rest",
            node=community,
            address="路口",
            hours="全天",
            latitude=LAT + Decimal(dlat),
            longitude=LNG,
        )
    return made


def test_a_point_answers_nearest_first_with_the_walk_circle(client, sites):
    response = client.get(reverse("servicemap:nearby"), {"lat": "36.86", "lng": "117.74"})
    assert response.status_code == 200
    results = response.context["results"]
    assert [n.site.name for n in results] == ["近"]
    assert abs(results[0].metres - 333) <= 1
    assert results[0].minutes == round(results[0].metres * 1.25 / 80, 1)
    assert response.context["radius"] == 960  # 15 × 80 ÷ 1.25
    page = response.content.decode()
    assert 'data-radius="960"' in page
    # The point stays in the form, so changing the minutes or the kind searches from it again.
    assert 'name="lat" value="36.86"' in page
    assert sites["近"].get_absolute_url() in page


def test_more_minutes_from_the_same_point_reach_further(client, sites):
    response = client.get(
        reverse("servicemap:nearby"), {"lat": "36.86", "lng": "117.74", "minutes": "40"}
    )
    assert [n.site.name for n in response.context["results"]] == ["近", "远"]


@pytest.mark.parametrize(
    "params",
    [{"lat": "north", "lng": "117.74"}, {"lat": "95", "lng": "117.74"}, {"lat": "36.86"}],
)
def test_an_unreadable_point_says_so_and_searches_nothing(client, sites, params):
    response = client.get(reverse("servicemap:nearby"), params, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    assert response.context["results"] is None
    assert "无法识别这个位置" in response.content.decode()


def test_an_unknown_kind_is_ignored_not_an_error(client, sites):
    response = client.get(
        reverse("servicemap:nearby"), {"lat": "36.86", "lng": "117.74", "kind": "nonsense"}
    )
    assert [n.site.name for n in response.context["results"]] == ["近"]


def test_the_page_offers_my_location_and_tap_the_map(client, sites):
    page = client.get(reverse("servicemap:nearby")).content.decode()
    # Both need JavaScript, so both start hidden and the script shows them.
    assert 'id="locate" hidden' in page
    assert 'id="map-hint" hidden' in page
    assert 'data-pick="1"' in page


def test_the_walk_page_keeps_its_queries_few(client, sites, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        client.get(reverse("servicemap:nearby"), {"lat": "36.86", "lng": "117.74"})
