"""/api/v1/places/: open to everyone, the compounds of a community or the buildings of a
compound, with names and labels only; its parameters read as input (400, never 500)."""

import pytest
from rest_framework.test import APIClient

from tests.factories import (
    BuildingFactory,
    CommunityFactory,
    CompoundFactory,
    GridFactory,
    StewardFactory,
    StreetFactory,
)

pytestmark = pytest.mark.django_db

URL = "/api/v1/places/"


@pytest.fixture
def places():
    street = StreetFactory()
    here = CommunityFactory(parent=street)
    grid = GridFactory(parent=here, name="第二网格")
    compounds = [CompoundFactory(parent=grid, name=f"阳光{n}小区") for n in range(12)]
    buildings = [BuildingFactory(parent=compounds[0], name=f"{n}号楼") for n in range(1, 9)]
    StewardFactory(building=buildings[0], name="王红梅", phone="13812345678")
    other = CompoundFactory(parent=CommunityFactory(parent=street), name="别处小区")
    return {"here": here, "compounds": compounds, "buildings": buildings, "other": other}


def test_anyone_lists_a_communitys_compounds_labelled_by_their_grid(places):
    response = APIClient().get(URL, {"community": places["here"].pk})
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [row["id"] for row in rows] == [c.pk for c in places["compounds"]]
    assert rows[0] == {
        "id": places["compounds"][0].pk,
        "name": "阳光0小区",
        "kind": "compound",
        "parent": places["compounds"][0].parent_id,
        "label": "第二网格 · 阳光0小区",
    }
    assert places["other"].pk not in [row["id"] for row in rows]


def test_anyone_lists_a_compounds_buildings_and_nothing_about_people(places):
    response = APIClient().get(URL, {"compound": places["compounds"][0].pk})
    rows = response.json()["results"]
    assert [row["label"] for row in rows] == [f"{n}号楼" for n in range(1, 9)]
    body = response.content.decode()
    assert "王红梅" not in body and "13812345678" not in body
    assert set(rows[0]) == {"id", "name", "kind", "parent", "label"}


def test_an_id_that_is_no_community_or_no_compound_lists_nothing(places):
    client = APIClient()
    assert client.get(URL, {"community": places["compounds"][0].pk}).json()["results"] == []
    assert client.get(URL, {"compound": places["here"].pk}).json()["results"] == []
    assert client.get(URL, {"community": 2**40}).json()["results"] == []


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"community": "abc"},
        {"compound": "-1"},
        {"community": "1", "compound": "2"},
        {"community": "9" * 30},
    ],
)
def test_bad_parameters_are_a_400(places, query):
    response = APIClient().get(URL, query)
    assert response.status_code == 400
    assert response.json()


def test_the_list_takes_the_same_few_queries_however_many_places(
    places, django_assert_max_num_queries
):
    for n in range(20):
        CompoundFactory(parent=places["here"], name=f"新{n}小区")
    with django_assert_max_num_queries(2):
        response = APIClient().get(URL, {"community": places["here"].pk})
    assert response.json()["count"] == 32
