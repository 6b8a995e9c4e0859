"""A community secretary's admin shows their subtree and nothing else."""

import pytest
from django.urls import reverse

from grids.models import Node, Steward
from tests.admin_forms import admin_form_data
from tests.factories import secretary
from tests.factories.streets import build_street

pytestmark = pytest.mark.django_db


def test_secretary_lists_only_their_communitys_subtree(client, small_street, secretary_a):
    client.force_login(secretary_a)
    response = client.get(reverse("admin:grids_node_changelist"))
    assert response.status_code == 200
    shown = {node.pk for node in response.context["cl"].result_list}
    mine = set(Node.objects.under(small_street.communities[0]).values_list("pk", flat=True))
    assert shown == mine
    assert small_street.communities[1].name not in response.content.decode()


@pytest.mark.parametrize(
    "url_name",
    ["admin:grids_node_change", "admin:grids_node_delete", "admin:grids_node_history"],
)
def test_secretary_gets_404_for_another_communitys_node_as_for_a_missing_one(
    client, small_street, secretary_a, url_name
):
    client.force_login(secretary_a)
    foreign = small_street.compounds[-1]
    assert client.get(reverse(url_name, args=[foreign.pk])).status_code == 404
    assert client.get(reverse(url_name, args=[999_999])).status_code == 404


def test_secretary_cannot_open_another_communitys_steward(client, small_street, secretary_a):
    client.force_login(secretary_a)
    foreign = Steward.objects.get(building=small_street.buildings[-1])
    mine = Steward.objects.get(building=small_street.buildings[0])
    url = "admin:grids_steward_change"
    assert client.get(reverse(url, args=[foreign.pk])).status_code == 404
    assert client.get(reverse(url, args=[mine.pk])).status_code == 200


def test_secretary_cannot_create_a_node_outside_their_community(client, small_street, secretary_a):
    client.force_login(secretary_a)
    foreign_grid = small_street.grids[-1]
    before = Node.objects.count()
    response = client.post(
        reverse("admin:grids_node_add"),
        {"parent": foreign_grid.pk, "kind": "compound", "name": "越界小区", "code": "out"},
    )
    assert response.status_code == 200  # the form comes back with an error
    assert "parent" in response.context["adminform"].form.errors
    assert Node.objects.count() == before


def test_secretary_cannot_create_a_street(client, small_street, secretary_a):
    client.force_login(secretary_a)
    before = Node.objects.count()
    response = client.post(
        reverse("admin:grids_node_add"), {"kind": "street", "name": "新街道", "code": "new"}
    )
    assert response.status_code == 200
    assert Node.objects.count() == before


def test_secretary_creates_a_compound_in_their_community(client, small_street, secretary_a):
    client.force_login(secretary_a)
    grid = small_street.grids[0]
    response = client.post(
        reverse("admin:grids_node_add"),
        {"parent": grid.pk, "kind": "compound", "name": "新建小区", "code": "xnew"},
    )
    assert response.status_code == 302
    created = Node.objects.get(code="xnew")
    assert created.code_path == f"{grid.code_path}/xnew"


def test_secretary_edits_their_community_but_cannot_move_or_delete_it(
    client, small_street, secretary_a
):
    client.force_login(secretary_a)
    community = small_street.communities[0]
    url = reverse("admin:grids_node_change", args=[community.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "parent" not in page.context["adminform"].form.fields
    response = client.post(url, admin_form_data(page, name="改名社区", address="新地址"))
    assert response.status_code == 302, response.context["adminform"].form.errors
    community.refresh_from_db()
    assert (community.name, community.parent_id) == ("改名社区", small_street.street.pk)
    delete = client.post(reverse("admin:grids_node_delete", args=[community.pk]), {"post": "yes"})
    assert delete.status_code == 403
    assert Node.objects.filter(pk=community.pk).exists()


def test_misplaced_node_in_admin_shows_the_rule(client, small_street, staff):
    client.force_login(staff)
    response = client.post(
        reverse("admin:grids_node_add"),
        {"parent": small_street.street.pk, "kind": "building", "name": "1号楼", "code": "b1"},
    )
    assert response.status_code == 200
    assert "楼栋" in str(response.context["adminform"].form.errors)  # zh-hans message


def test_street_staff_see_their_street_only(client, small_street, other_street, staff):
    client.force_login(staff)
    response = client.get(reverse("admin:grids_node_changelist") + "?all=")
    shown = {node.pk for node in response.context["cl"].result_list}
    assert small_street.street.pk in shown
    assert other_street.street.pk not in shown
    foreign = other_street.compounds[0]
    assert client.get(reverse("admin:grids_node_change", args=[foreign.pk])).status_code == 404


def test_autocomplete_of_parents_stays_in_scope(client, small_street, secretary_a):
    client.force_login(secretary_a)
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "grids", "model_name": "node", "field_name": "parent", "term": ""},
    )
    assert response.status_code == 200
    ids = {int(row["id"]) for row in response.json()["results"]}
    mine = set(Node.objects.under(small_street.communities[0]).values_list("pk", flat=True))
    assert ids and ids <= mine


def test_community_filter_narrows_the_tree(client, small_street, staff):
    client.force_login(staff)
    community = small_street.communities[1]
    response = client.get(reverse("admin:grids_node_changelist"), {"community": community.pk})
    shown = {node.pk for node in response.context["cl"].result_list}
    assert shown == set(Node.objects.under(community).values_list("pk", flat=True))


def test_volunteers_have_no_admin(client, small_street):
    from tests.factories import UserFactory

    volunteer = UserFactory()
    client.force_login(volunteer)
    response = client.get(reverse("admin:grids_node_changelist"))
    assert response.status_code == 302  # sent to the login page


@pytest.mark.parametrize(
    ("url_name", "limit"),
    [
        ("admin:grids_node_changelist", 12),
        ("admin:grids_steward_changelist", 12),
        ("admin:grids_gridleader_changelist", 12),
        ("admin:organizations_partyorganization_changelist", 12),
    ],
)
def test_admin_lists_query_count_does_not_grow_with_rows(
    client, django_assert_max_num_queries, url_name, limit
):
    street = build_street(communities=3, compounds_per_community=5, buildings=3)
    client.force_login(secretary(street.communities[0]))
    with django_assert_max_num_queries(limit):
        response = client.get(reverse(url_name))
    assert response.status_code == 200


def test_secretary_is_offered_only_kinds_that_fit_inside_a_community(
    client, small_street, secretary_a
):
    client.force_login(secretary_a)
    form = client.get(reverse("admin:grids_node_add")).context["adminform"].form
    offered = {value for value, _ in form.fields["kind"].choices if value}
    assert offered == {"grid", "compound", "building"}
