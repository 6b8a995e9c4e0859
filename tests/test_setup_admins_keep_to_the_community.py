"""A community secretary sets up only their own community in the admin: each converted admin's
add form takes their community's place (or committee) and refuses another community's, and the
inline rows of another community's committee or place are never reached (404), nothing written."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest

from alliance.models import Cadence, Committee, CommitteeMember, CommitteeTerm
from alliance.services import committees
from grids import services as grid_services
from grids.models import CadreAssignment, Node, NodeKind, ZoneLiaison
from organizations.models import PartyOrganization
from servicemap.models import ServiceSite
from tests.admin_forms import admin_form_data, admin_url, with_new_row
from tests.factories.alliance import party_committee
from tests.factories.streets import Street
from volunteers.models import ServicePost, Team

pytestmark = pytest.mark.django_db


def _grid(street: Street, community: Node) -> Node:
    return next(g for g in street.grids if g.parent_id == community.pk)


# model, the field that names the place, and the add form's data for a community.
ADDS: dict[str, tuple[type, str, Callable[[Street, Node], dict]]] = {
    "committee": (
        Committee,
        "node",
        lambda street, c: {
            "kind": "party",
            "node": c.pk,
            "name": "大党委",
            "cadence": Cadence.QUARTERLY,
            **dict.fromkeys(committees.LEAD_TIMES, 3),
            "terms-TOTAL_FORMS": 0,
            "terms-INITIAL_FORMS": 0,
            "members-TOTAL_FORMS": 0,
            "members-INITIAL_FORMS": 0,
        },
    ),
    "committee member": (
        CommitteeMember,
        "committee",
        lambda street, c: {
            "committee": party_committee(c).pk,
            "name": "王委员",
            "position": "member",
            "starts_on": "2026-01-01",
        },
    ),
    "party organisation": (
        PartyOrganization,
        "node",
        lambda street, c: {"node": c.pk, "kind": "branch", "name": "新支部", "member_count": 3},
    ),
    "place": (
        Node,
        "parent",
        lambda street, c: {"parent": c.pk, "kind": "grid", "name": "新网格", "code": "new"},
    ),
    "assigned cadre": (
        CadreAssignment,
        "grid",
        lambda street, c: {"grid": _grid(street, c).pk, "name": "孙包联", "position": "科员"},
    ),
    "service site": (
        ServiceSite,
        "node",
        lambda street, c: {
            "name": "驿站",
            "kind": "rest",
            "node": c.pk,
            "address": "路口",
            "latitude": "36.5",
            "longitude": "117.5",
            "hours": "全天",
            "active": "on",
            "photos-TOTAL_FORMS": 0,
            "photos-INITIAL_FORMS": 0,
        },
    ),
    "team": (Team, "node", lambda street, c: {"name": "志愿队", "node": c.pk}),
    "service post": (
        ServicePost,
        "node",
        lambda street, c: {
            "title": "岗",
            "node": c.pk,
            "starts_on": "2026-01-01",
            "ends_on": "2026-12-31",
            "slots": 1,
        },
    ),
}


@pytest.mark.parametrize("case", ADDS)
def test_a_secretary_adds_in_their_community_and_not_in_another(
    client, small_street, secretary_a, case
):
    model, field, data_for = ADDS[case]
    mine, other = small_street.communities[:2]
    client.force_login(secretary_a)
    before = model._default_manager.count()
    refused = client.post(admin_url(model, "add"), data_for(small_street, other))
    assert refused.status_code == 200
    assert field in refused.context["adminform"].form.errors
    assert model._default_manager.count() == before
    taken = client.post(admin_url(model, "add"), data_for(small_street, mine))
    assert taken.status_code == 302, taken.context and taken.context["adminform"].form.errors
    assert model._default_manager.count() == before + 1
    if model is Committee:  # the admin passes the cadence on to the service
        assert Committee.objects.latest("pk").is_quarterly


def test_a_secretary_assigns_no_liaison_to_a_zone_of_the_street(client, small_street, secretary_a):
    zone = grid_services.node_create(
        parent=small_street.street, kind=NodeKind.ZONE, name="片区", code="z"
    )
    client.force_login(secretary_a)
    response = client.post(admin_url(ZoneLiaison, "add"), {"zone": zone.pk, "name": "陈联络"})
    assert response.status_code == 200
    assert "zone" in response.context["adminform"].form.errors
    assert not ZoneLiaison.objects.exists()


def test_a_secretary_reaches_no_inline_row_of_another_communitys_committee(
    client, small_street, secretary_a, staff
):
    theirs = party_committee(small_street.communities[1])
    client.force_login(staff)
    data = with_new_row(
        admin_form_data(client.get(admin_url(Committee, "change", theirs.pk))),
        "terms",
        number=1,
        starts_on="2026-01-01",
    )
    client.force_login(secretary_a)
    response = client.post(admin_url(Committee, "change", theirs.pk), data)
    assert response.status_code == 404
    assert not CommitteeTerm.objects.exists()


def test_a_secretary_reaches_no_inline_row_of_another_communitys_place(
    client, small_street, secretary_a, staff
):
    grid = _grid(small_street, small_street.communities[1])
    client.force_login(staff)
    data = with_new_row(
        admin_form_data(client.get(admin_url(Node, "change", grid.pk))),
        "cadre_assignments",
        name="赵包联",
    )
    client.force_login(secretary_a)
    assert client.post(admin_url(Node, "change", grid.pk), data).status_code == 404
    assert not CadreAssignment.objects.filter(name="赵包联").exists()


def test_a_secretary_gives_no_seat_a_term_of_another_community(client, small_street, secretary_a):
    mine = party_committee(small_street.communities[0])
    theirs = committees.committee_term_create(
        committee=party_committee(small_street.communities[1]),
        number=1,
        starts_on=datetime.date(2026, 1, 1),
    )
    client.force_login(secretary_a)
    data = {
        "committee": mine.pk,
        "term": theirs.pk,
        "name": "王委员",
        "position": "member",
        "starts_on": "2026-01-01",
    }
    response = client.post(admin_url(CommitteeMember, "add"), data)
    assert response.status_code == 200
    assert "term" in response.context["adminform"].form.errors
    assert not CommitteeMember.objects.exists()
