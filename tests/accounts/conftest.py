"""The world the permission matrices run in: rows of every kind in two communities of one
street (and at street level), and one user of every role."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import User
from alliance.models import (
    CommitteeMember,
    CommitteeTerm,
    DistrictReport,
    FollowUp,
    MeetingPhoto,
)
from alliance.services import followups, meetings
from alliance.services.evaluations import evaluation_grade
from alliance.services.rota import rota_generate
from appraisals.models import Appraisal, UnitAppraisal
from dashboard.models import LedgerRequest
from grids import services as grid_services
from grids.models import Node
from notifications.models import Notification
from organizations.models import Unit, UnitRating
from pledges import services as pledge_services
from pledges.models import Need, Pledge, PledgeList, Resource
from portal.models import Announcement
from portal.services import announcement_save
from servicedesk import services as desk
from servicedesk.models import MicroWish, ServiceOffer
from servicemap.models import ServiceSite
from summons.models import ReportPhoto, Summons, SummonsCall
from tests.accounts.matrix import World
from tests.conftest import shared_rows
from tests.factories import UserFactory, secretary, street_staff
from tests.factories.alliance import (
    UnitFactory,
    at,
    contact,
    party_committee,
    schedule,
    working_committee,
)
from tests.factories.files import PDF, picture_bytes
from tests.factories.streets import Street, build_street
from tests.factories.volunteers import activity, volunteer
from volunteers import services as vol_services
from volunteers.models import CheckIn, ServicePost, Team, Volunteer


def _zones(small_street: Street) -> Node:
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
        CommitteeTerm.objects.create(
            committee=committee, number=1, starts_on=datetime.date(2026, 1, 1)
        )
        CommitteeMember.objects.create(
            committee=committee,
            name="王委员",
            unit=units[0],
            position="member",
            starts_on=datetime.date(2026, 1, 1),
        )
        meeting = schedule(committee, at(2026, 1, 10))
        meetings.resolution_add(meeting=meeting, text="决议")
        item = followups.followup_create(
            meeting=meeting,
            title="事项",
            owner=units[0],
            due_on=datetime.date(2026, 2, 1),
            created_at=at(2026, 1, 10),
        )
        followups.followup_escalate(item=item, reason="协调不动")
        DistrictReport.objects.create(
            followup=item,
            district=small_street.street.parent,
            street=small_street.street,
            reason="街道协调不动",
            # Decided, so the street may still decide the community's escalation of it.
            decision="区里统筹",
            decided_at=at(2026, 1, 20),
        )
        meetings.minutes_publish(meeting=meeting, minutes="纪要")
        MeetingPhoto.objects.create(
            meeting=meeting, photo=ContentFile(picture_bytes(), name="meeting.jpg")
        )
        evaluation_grade(
            committee=committee,
            month=datetime.date(2026, 1, 1),
            grade="good",
            feedback="共建积极",
            unit=units[0],
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
            project=project,
            unit=units[0],
            kind="money",
            description="资金",
            value=1000,
            evidence_file=SimpleUploadedFile("收据.pdf", PDF),
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
        Resource.objects.create(
            unit=units[0],
            kind="skills",
            category="repair",
            title="维修骨干",
            capacity="3人",
            availability="预约",
        )
        Need.objects.create(
            community=community, title="楼道灯坏", category="repair", source="visit", people=20
        )
        summons = Summons.objects.create(
            node=community,
            kind="flood",
            title="排涝",
            description="抽水",
            place="北门",
            deadline=timezone.now() + datetime.timedelta(days=2),
        )
        call = SummonsCall.objects.create(summons=summons, unit=units[0])
        ReportPhoto.objects.create(call=call, photo=ContentFile(picture_bytes(), name="site.jpg"))
        ServiceSite.objects.create(
            name="驿站",
            kind="rest",
            node=community,
            address="x",
            hours="全天",
            latitude=36,
            longitude=117,
        )
    appraisal = Appraisal.objects.create(street=small_street.street, year=2026)
    UnitAppraisal.objects.bulk_create(
        [UnitAppraisal(appraisal=appraisal, unit=u) for u in Unit.objects.order_by("pk")]
    )
    return zone


def _world(small_street: Street, secretary_a: User) -> World:
    community_a, community_b = small_street.communities[:2]
    unit = Unit.objects.filter(community=community_a).order_by("pk").first()
    for item in FollowUp.objects.all():
        item.evidence_file.save("proof.pdf", ContentFile(PDF), save=True)
    for pledge_list in PledgeList.objects.all():
        pledge_services.pledge_add(
            pledge_list=pledge_list,
            text="为居民办实事",
            category=Pledge._meta.get_field("category").choices[0][0],
            due_on=datetime.date(2026, 12, 31),
        )
    for wish in list(MicroWish.objects.all()):
        published = desk.wish_submit(
            community=wish.community,
            title="轮椅",
            resident_name="赵",
            resident_phone="13800000009",
        )
        desk.wish_review(wish=published, publish=True, by=None)
    person = Volunteer.objects.filter(community=community_a).select_related("user").first()
    unit_contact = contact(unit)
    # Claimed wishes: one by the contact's unit in A, one by the volunteer in B (pending).
    for community, by, claiming_unit in (
        (community_a, unit_contact, unit),
        (community_b, person.user, None),
    ):
        wish = desk.wish_submit(
            community=community, title="助学", resident_name="钱", resident_phone="13800000010"
        )
        desk.wish_review(wish=wish, publish=True, by=None)
        desk.wish_claim(wish=wish, by=by, unit=claiming_unit)
    users = {
        "anonymous": None,
        "volunteer": person.user,
        "contact": unit_contact,
        "secretary": secretary_a,
        "staff": street_staff(small_street.street),
    }
    for community, by in ((community_a, secretary_a), (community_b, secretary(community_b))):
        made = LedgerRequest.objects.create(
            node=community, fmt="pdf", year=2026, requested_by=by, status="done"
        )
        made.file.save("ledger.pdf", ContentFile(PDF), save=True)
    for user in (*users.values(), secretary(community_b)):
        if user is not None:
            Notification.objects.create(recipient=user, subject="提醒", body="开会")
    return World(community=community_a, unit=unit, users=users)


def _under_a_district(street: Street) -> None:
    """Put the street under a district, as the demo's are: the matrices then also prove that
    a district above changes nobody's scope. The street's nodes are read afresh after."""
    district = grid_services.node_create(
        parent=None, kind="district", name="矩阵区", code="matrix-district"
    )
    grid_services.node_move(node=street.street, parent=district)
    for node in (street.street, *street.communities, *street.grids, *street.compounds):
        node.refresh_from_db()
    for node in street.buildings:
        node.refresh_from_db()


def _matrix_build() -> dict[str, Any]:
    street = build_street()
    _under_a_district(street)
    zone = _zones(street)
    secretary_a = secretary(street.communities[0])
    return {
        "street": street,
        "zone": zone,
        "secretary_a": secretary_a,
        "world": _world(street, secretary_a),
    }


# The matrices' rows are built once per test module (tests/conftest.py shared_rows), not once
# per case; each case still starts from them untouched.
_matrix_rows, matrix = shared_rows("matrix", _matrix_build)


@pytest.fixture
def zones(matrix) -> Node:
    """Every model on the tree with rows in both communities (and a zone with a liaison)."""
    return matrix["zone"]


@pytest.fixture
def world(matrix) -> World:
    return matrix["world"]


@pytest.fixture
def small_street(request, db) -> Street:
    """The matrices' street where a test uses their rows, else a street of its own."""
    if "matrix" in request.fixturenames:
        return request.getfixturevalue("matrix")["street"]
    return build_street()


@pytest.fixture
def secretary_a(request, small_street) -> User:
    if "matrix" in request.fixturenames:
        return request.getfixturevalue("matrix")["secretary_a"]
    return secretary(small_street.communities[0])
