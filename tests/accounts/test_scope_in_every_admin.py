"""Every admin list and detail of a model on the tree keeps a secretary inside their community."""

import datetime

import pytest
from django.contrib import admin
from django.urls import reverse

from accounts.admin_mixins import ScopedAdminMixin
from accounts.scope import scope_for
from alliance.models import CommitteeMember
from alliance.services import followups
from alliance.services.evaluations import evaluation_grade
from alliance.services.rota import rota_generate
from grids import services as grid_services
from grids.models import Node
from organizations.models import UnitRating
from pledges import services as pledge_services
from portal.models import Announcement
from portal.services import announcement_save
from servicedesk import services as desk
from servicedesk.models import ServiceOffer
from servicemap.models import ServiceSite
from tests.factories import UserFactory
from tests.factories.alliance import (
    UnitFactory,
    at,
    party_committee,
    schedule,
    working_committee,
)
from tests.factories.volunteers import activity, volunteer
from volunteers import services as vol_services
from volunteers.models import CheckIn, ServicePost, Team

pytestmark = pytest.mark.django_db

SCOPED_MODELS = sorted(
    (
        model
        for model, model_admin in admin.site._registry.items()
        if isinstance(model_admin, ScopedAdminMixin) and model._meta.app_label != "accounts"
    ),
    key=lambda m: m._meta.label,
)


def _node_of(model_admin, obj) -> Node:
    for step in filter(None, model_admin.scope_path.split("__")):
        obj = getattr(obj, step)
    return obj


@pytest.fixture
def zones(small_street):
    """Give every model on the tree rows in both communities (and a zone with a liaison)."""
    zone = grid_services.node_create(
        parent=small_street.street, kind="zone", name="场镇片区", code="zone1"
    )
    grid_services.liaison_assign(zone=zone, name="陈联络")
    working_committee(small_street.street)
    for community in small_street.communities:
        committee = party_committee(community)
        units = [UnitFactory(community=community, kind="private_enterprise") for _ in range(2)]
        UnitRating.objects.create(
            unit=units[0], kind="stars", value="4", reason="好", set_by=UserFactory()
        )
        rota_generate(committee=committee, year=2026)
        CommitteeMember.objects.create(
            committee=committee,
            name="王委员",
            unit=units[0],
            position="member",
            starts_on=datetime.date(2026, 1, 1),
        )
        meeting = schedule(committee, at(2026, 1, 10))
        item = followups.followup_create(
            meeting=meeting,
            title="事项",
            owner=units[0],
            due_on=datetime.date(2026, 2, 1),
            created_at=at(2026, 1, 10),
        )
        followups.followup_escalate(item=item, reason="协调不动")
        evaluation_grade(
            committee=committee, month=datetime.date(2026, 1, 1), grade="good", unit=units[0]
        )
        pledge_services.pledge_list_create(
            pledger_kind="unit", node=community, unit=units[0], year=2026, title="承诺"
        )
        project = pledge_services.project_create(
            title="共建",
            goal="建公园",
            node=community,
            starts_on=datetime.date(2026, 1, 1),
            ends_on=datetime.date(2026, 2, 1),
        )
        pledge_services.contribution_add(
            project=project, unit=units[0], kind="money", description="资金", value=1000
        )
        desk.offer_save(
            offer=ServiceOffer(
                unit=units[0],
                title="义诊",
                category="health",
                place="卫生室",
                hours="周一",
                contact_name="王",
                contact_phone="13800000000",
            )
        )
        desk.wish_submit(
            community=community, title="助听器", resident_name="张", resident_phone="13800000001"
        )
        desk.request_submit(
            community=community,
            category="repair",
            description="修灯",
            resident_name="李",
            resident_phone="13800000002",
        )
        person = volunteer(community, is_party_member=True, work_unit=units[0])
        team = Team.objects.create(name=f"{community.name}志愿队", node=community)
        team.members.add(person)
        event = activity(community)
        ServicePost.objects.create(
            title="岗",
            node=community,
            starts_on=datetime.date(2026, 1, 1),
            ends_on=datetime.date(2026, 12, 31),
        )
        checkin = CheckIn.objects.create(
            volunteer=person,
            activity=event,
            community=community,
            checked_in_at=event.starts_at,
            hours=1,
            status="closed",
        )
        vol_services.hours_review(checkins=[checkin], approve=True, by=None)
        vol_services.dual_report_member(volunteer=person, year=2026)
        announcement_save(
            announcement=Announcement(title="通知", category="law", node=community, body="<p>x</p>")
        )
        ServiceSite.objects.create(
            name="驿站",
            kind="rest",
            node=community,
            address="x",
            hours="全天",
            latitude=36,
            longitude=117,
        )
    return zone


def test_every_model_on_the_tree_has_a_scoped_admin():
    labels = {m._meta.label for m in SCOPED_MODELS}
    assert {
        "grids.Node",
        "grids.Steward",
        "grids.GridLeader",
        "grids.CadreAssignment",
        "grids.ZoneLiaison",
        "organizations.PartyOrganization",
    } <= labels


@pytest.mark.parametrize("model", SCOPED_MODELS, ids=lambda m: m._meta.label)
def test_secretary_lists_and_opens_only_their_communitys_rows(
    client, small_street, zones, secretary_a, model
):
    model_admin = admin.site._registry[model]
    scope = scope_for(secretary_a)
    every = list(model._default_manager.all())
    foreign = [o for o in every if not scope.contains(_node_of(model_admin, o))]
    mine = [o for o in every if scope.contains(_node_of(model_admin, o))]
    assert foreign, "the fixture must hold rows outside the scope"

    client.force_login(secretary_a)
    info = model._meta.app_label, model._meta.model_name
    listing = client.get(reverse("admin:{}_{}_changelist".format(*info)) + "?all=")
    assert listing.status_code == 200
    shown = {o.pk for o in listing.context["cl"].result_list}
    assert shown == {o.pk for o in mine}

    change = "admin:{}_{}_change".format(*info)
    assert client.get(reverse(change, args=[foreign[0].pk])).status_code == 404
    if mine:
        assert client.get(reverse(change, args=[mine[0].pk])).status_code == 200
