import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from grids.models import Node
from tests.factories import secretary
from tests.factories.streets import build_street

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"


@pytest.fixture
def api():
    return APIClient()


def test_token_is_issued_for_username_and_password(api, secretary_a):
    response = api.post(
        "/api/v1/auth/token/", {"username": secretary_a.username, "password": PASSWORD}
    )
    assert response.status_code == 200
    token = response.json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/v1/nodes/").status_code == 200


def test_a_wrong_password_gets_no_token(api, secretary_a):
    response = api.post("/api/v1/auth/token/", {"username": secretary_a.username, "password": "x"})
    assert response.status_code == 400
    assert "token" not in response.json()


def test_anonymous_callers_are_refused(api, small_street):
    assert api.get("/api/v1/nodes/").status_code in (401, 403)


def test_list_is_paginated_and_scoped(api, small_street, other_street, secretary_a):
    api.force_authenticate(secretary_a)
    body = api.get("/api/v1/nodes/").json()
    assert set(body) == {"count", "next", "previous", "results"}
    mine = Node.objects.under(small_street.communities[0])
    assert body["count"] == mine.count()
    assert {row["id"] for row in body["results"]} == set(mine.values_list("pk", flat=True))


def test_filters_kind_level_parent_under_and_search(api, small_street, staff):
    api.force_authenticate(staff)
    community = small_street.communities[1]

    def ids(**params):
        return {row["id"] for row in api.get("/api/v1/nodes/", params).json()["results"]}

    assert ids(kind="community") == {c.pk for c in small_street.communities}
    assert ids(kind="grid", level=2) == {g.pk for g in small_street.grids if g.grid_level == 2}
    assert ids(parent=community.pk) == set(community.get_children().values_list("pk", flat=True))
    assert ids(under=community.pk) == set(
        Node.objects.under(community).values_list("pk", flat=True)
    )
    compound = small_street.compounds[0]
    assert ids(search=compound.name) == {compound.pk}


def test_under_a_node_outside_the_scope_finds_nothing(api, small_street, other_street, staff):
    api.force_authenticate(staff)
    body = api.get("/api/v1/nodes/", {"under": other_street.street.pk}).json()
    assert body["count"] == 0


def test_a_bad_filter_value_gets_a_clear_error(api, small_street, staff):
    api.force_authenticate(staff)
    response = api.get("/api/v1/nodes/", {"kind": "castle"})
    assert response.status_code == 400
    assert "kind" in response.json()


def test_detail_carries_the_ancestor_path(api, small_street, staff):
    api.force_authenticate(staff)
    building = small_street.buildings[0]
    body = api.get(f"/api/v1/nodes/{building.pk}/").json()
    assert [a["kind"] for a in body["ancestors"]] == [
        "street",
        "community",
        "grid",
        "grid",
        "compound",
    ]
    assert body["code_path"] == building.code_path


def test_detail_outside_the_scope_is_404_like_a_missing_node(api, small_street, secretary_a):
    api.force_authenticate(secretary_a)
    foreign = small_street.compounds[-1]
    assert api.get(f"/api/v1/nodes/{foreign.pk}/").status_code == 404
    assert api.get("/api/v1/nodes/999999/").status_code == 404


def test_compounds_say_whether_they_are_three_none(api, small_street, staff):
    api.force_authenticate(staff)
    rows = api.get("/api/v1/nodes/", {"kind": "compound"}).json()["results"]
    assert rows and all(row["is_three_none"] is False for row in rows)  # each has a branch


def test_node_list_queries_do_not_grow_with_rows(api, django_assert_max_num_queries):
    street = build_street(communities=3, compounds_per_community=6, buildings=2)
    api.force_authenticate(secretary(street.communities[0]))
    with django_assert_max_num_queries(6):
        response = api.get("/api/v1/nodes/")
    assert response.status_code == 200
    assert response.json()["count"] > 15


def test_openapi_schema_and_docs_are_served(client, db):
    schema = client.get(reverse("schema"))
    assert schema.status_code == 200
    assert b"/api/v1/nodes/" in schema.content
    docs = client.get(reverse("api-docs"))
    assert docs.status_code == 200
    assert b"swagger" in docs.content.lower()
