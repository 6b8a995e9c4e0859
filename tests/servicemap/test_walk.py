"""The 15-minute walk: nearest first, correct walking minutes, bbox, coverage."""

from decimal import Decimal

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from servicemap.models import ServiceSite
from servicemap.selectors import compounds_without_a_site, metres, sites_within, walking_minutes
from tests.factories import CommunityFactory, CompoundFactory, StreetFactory, secretary

pytestmark = pytest.mark.django_db

# One thousandth of a degree of latitude is about 111 m.
LAT, LNG = Decimal("36.860000"), Decimal("117.740000")


@pytest.fixture
def street():
    street = StreetFactory(latitude=LAT, longitude=LNG)
    community = CommunityFactory(parent=street, latitude=LAT, longitude=LNG)
    near = CompoundFactory(parent=community, latitude=LAT, longitude=LNG)
    far = CompoundFactory(
        parent=community, latitude=LAT + Decimal("0.04"), longitude=LNG
    )  # about 4.4 km north
    sites = {}
    for name, dlat, kind in [
        ("A", "0.002", "rest"),
        ("B", "0.005", "centre"),
        ("C", "0.009", "rest"),
        ("D", "0.015", "rest"),
    ]:
        sites[name] = ServiceSite.objects.create(
            name=name,
            kind=kind,
            node=community,
            address="x",
            hours="全天",
            latitude=LAT + Decimal(dlat),
            longitude=LNG,
        )
    street.refresh_from_db()  # the tree grew under it
    return {"street": street, "community": community, "near": near, "far": far, "sites": sites}


def test_sites_within_fifteen_minutes_nearest_first_with_walking_minutes(street):
    found = sites_within(float(LAT), float(LNG), 15)
    # 15 min × 80 m/min ÷ 1.25 detour = 960 m in a straight line:
    # A (222 m) and B (556 m) are in, C (1 km) is out.
    assert [n.site.name for n in found] == ["A", "B"]
    a = found[0]
    assert abs(a.metres - 222) <= 1
    assert a.minutes == round(a.metres * 1.25 / 80, 1)


def test_more_minutes_reach_further_and_kind_filters(street):
    assert [n.site.name for n in sites_within(float(LAT), float(LNG), 25)] == ["A", "B", "C"]
    assert [n.site.name for n in sites_within(float(LAT), float(LNG), 25, kind="rest")] == [
        "A",
        "C",
    ]


def test_a_limit_lists_the_nearest_and_counts_them_all(street, client, monkeypatch):
    found = sites_within(float(LAT), float(LNG), 25, limit=2)
    assert [n.site.name for n in found] == ["A", "B"] and found.total == 3

    from servicemap import views

    monkeypatch.setattr(views, "SHOWN", 1)
    page = client.get(
        reverse("servicemap:nearby"), {"compound": street["near"].pk, "minutes": 25}
    ).content.decode()
    assert page.count('<li class="card">') == 1
    assert "步行范围内有 3 处服务" in page


def test_distance_and_minutes_helpers():
    assert abs(metres(36.86, 117.74, 36.87, 117.74) - 1112) < 2
    assert walking_minutes(800) == 12.5


def test_api_by_point_and_by_bbox(street):
    api = APIClient()
    body = api.get(
        "/api/v1/service-sites/", {"lat": str(LAT), "lng": str(LNG), "minutes": 15}
    ).json()
    assert [row["name"] for row in body["results"]] == ["A", "B"]
    assert body["results"][0]["walking_minutes"] <= body["results"][1]["walking_minutes"]
    west, east = LNG - Decimal("0.001"), LNG + Decimal("0.001")
    south, north = LAT + Decimal("0.004"), LAT + Decimal("0.010")
    box = f"{west},{south},{east},{north}"
    names = {
        row["name"] for row in api.get("/api/v1/service-sites/", {"bbox": box}).json()["results"]
    }
    assert names == {"B", "C"}
    assert api.get("/api/v1/service-sites/", {"lat": "x", "lng": "1"}).status_code == 400
    assert api.get("/api/v1/service-sites/", {"kind": "castle"}).status_code == 400


def test_the_list_page_answers_from_a_compound_without_javascript(client, street):
    response = client.get(reverse("servicemap:nearby"), {"compound": street["near"].pk})
    assert response.status_code == 200
    assert [n.site.name for n in response.context["results"]] == ["A", "B"]


def test_coverage_shows_the_compounds_with_nothing_in_reach(client, street):
    uncovered = compounds_without_a_site(street["street"])
    assert [row["id"] for row in uncovered] == [street["far"].pk]
    client.force_login(secretary(street["community"]))
    page = client.get(reverse("servicemap:coverage"))
    assert [row["id"] for row in page.context["uncovered"]] == [street["far"].pk]
    assert street["far"].name in page.content.decode()


def test_search_queries_stay_flat(client, street, django_assert_max_num_queries):
    for n in range(30):
        ServiceSite.objects.create(
            name=f"S{n}",
            kind="rest",
            node=street["community"],
            address="x",
            hours="h",
            latitude=LAT + Decimal(n) / Decimal(100000),
            longitude=LNG,
        )
    # The street, its compounds, the compound, where the near sites are, those listed, photos.
    with django_assert_max_num_queries(6):
        response = client.get(reverse("servicemap:nearby"), {"compound": street["near"].pk})
    assert len(response.context["results"]) > 30
    with django_assert_max_num_queries(3):  # where the near sites are, those listed, photos
        assert (
            APIClient()
            .get("/api/v1/service-sites/", {"lat": str(LAT), "lng": str(LNG)})
            .status_code
            == 200
        )


def test_the_api_lists_the_nearest_fifty_unless_asked_for_more(street, client, monkeypatch):
    from servicemap import apis

    monkeypatch.setattr(apis, "NEAR_SHOWN", 1)
    near = {"lat": str(LAT), "lng": str(LNG), "minutes": "25"}
    body = client.get("/api/v1/service-sites/", near).json()
    assert len(body["results"]) == 1 and body["count"] > 1
    more = client.get("/api/v1/service-sites/", {**near, "limit": "2"}).json()
    assert len(more["results"]) == 2
    assert more["results"][0]["id"] == body["results"][0]["id"]
    assert client.get("/api/v1/service-sites/", {**near, "limit": "500"}).status_code == 400
