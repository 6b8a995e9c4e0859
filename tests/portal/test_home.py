import pytest
from django.test import override_settings
from django.urls import reverse

from tests.factories.streets import build_street

pytestmark = pytest.mark.django_db


def test_home_shows_the_streets_communities_with_their_party_organisations(client, small_street):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert small_street.street.name in html
    for community in small_street.communities:
        assert community.name in html
        assert f"{community.name}党委" in html
    assert 'lang="zh-hans"' in html


def test_home_speaks_english_when_asked(client, small_street):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get("/")
    assert 'lang="en"' in response.content.decode()
    assert "communities work together" in response.content.decode()


def test_home_counts_grids_compounds_and_buildings_per_community(client, small_street):
    response = client.get("/")
    overview = response.context["overviews"][0]
    assert overview.figures["grid"] == 2
    assert overview.figures["compound"] == 3
    assert overview.figures["building"] == 6


def test_with_several_streets_home_lists_them(client, small_street, other_street):
    response = client.get("/")
    assert {s.pk for s in response.context["streets"]} == {
        small_street.street.pk,
        other_street.street.pk,
    }
    page = client.get(reverse("portal:street", args=[other_street.street.code]))
    assert other_street.communities[0].name in page.content.decode()


def test_default_street_setting_picks_the_home_street(client, small_street, other_street):
    with override_settings(PORTAL_DEFAULT_STREET=other_street.street.code):
        response = client.get("/")
    assert response.context["street"] == other_street.street


def test_an_unknown_street_is_404(client, small_street):
    assert client.get(reverse("portal:street", args=["nowhere"])).status_code == 404


def test_an_empty_portal_says_what_to_do(client, db):
    response = client.get("/")
    assert response.status_code == 200
    assert response.context["street"] is None


def test_home_queries_do_not_grow_with_communities(client, django_assert_max_num_queries):
    build_street(communities=6, compounds_per_community=3, buildings=2)
    with django_assert_max_num_queries(4):
        response = client.get("/")
    assert len(response.context["overviews"]) == 6


def test_an_english_browser_still_gets_chinese_until_english_is_chosen(client, small_street):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert 'lang="zh-hans"' in response.content.decode()
    assert "个社区共同参与党建联盟" in response.content.decode()


def test_a_community_home_shows_its_party_and_its_stewards(
    client, small_street, django_assert_max_num_queries
):
    community = small_street.communities[0]
    with django_assert_max_num_queries(9):
        response = client.get(reverse("portal:community", args=[community.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert f"{community.name}党委" in html
    assert len(response.context["stewards"]) == 6
    assert client.get(reverse("portal:community", args=[small_street.street.pk])).status_code == 404
