"""The world the workspace tests share: two communities of one street, each with a unit, its
contact, a secretary, a volunteer and rows of every kind the workspaces show; `fill` adds
more rows to one side."""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from alliance.services import followups
from alliance.services.rota import rota_generate
from notifications.models import Reminder, ReminderStatus
from pledges import services as pledge_services
from servicedesk import services as desk_services
from servicedesk.models import ServiceOffer
from tests.factories import (
    CommunityFactory,
    CompoundFactory,
    StreetFactory,
    secretary,
    street_staff,
)
from tests.factories.alliance import (
    UnitFactory,
    contact,
    party_committee,
    schedule,
    working_committee,
)
from tests.factories.volunteers import activity, volunteer
from volunteers import services as volunteer_services
from volunteers.models import CheckIn, CheckInStatus, Signup

_serial = itertools.count(1)


def count_queries(client, url: str) -> int:
    """Return how many queries one GET of `url` runs (the page must answer 200)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def fill(side: dict[str, Any], n: int) -> None:
    """Add `n` rows of every kind to one community's side of the world."""
    today = timezone.localdate()
    now = timezone.now()
    key = side["key"]
    unit, other, person = side["unit"], side["other"], side["contact"]
    for _ in range(n):
        i = next(_serial)
        item = followups.followup_create(
            meeting=side["meeting"],
            title=f"督办{key}{i}",
            owner=unit,
            due_on=today + datetime.timedelta(days=30),
        )
        followups.followup_escalate(item=item, reason=f"社区难以解决{key}{i}")
        desk_services.offer_save(
            offer=ServiceOffer(
                unit=unit,
                title=f"服务{key}{i}",
                category="legal",
                place="一楼",
                hours="周六",
                contact_name="刘",
                contact_phone="13800009999",
            )
        )
        year = today.year - len(side["lists"])
        pledge_list = pledge_services.pledge_list_create(
            pledger_kind="unit",
            node=side["community"],
            unit=unit,
            year=year,
            title=f"承诺{key}{i}",
        )
        pledge_services.pledge_add(
            pledge_list=pledge_list,
            text=f"承诺事项{key}{i}",
            category="care",
            due_on=datetime.date(year, 12, 1),
        )
        pledge_services.pledge_list_submit(pledge_list=pledge_list)
        side["lists"].append(pledge_list)
        project = pledge_services.project_create(
            title=f"项目{key}{i}",
            goal="共建",
            node=side["community"],
            starts_on=today,
            ends_on=today + datetime.timedelta(days=60),
            lead_unit=other,
        )
        pledge_services.contribution_add(
            project=project, unit=unit, kind="money", description="捐款", value=Decimal("100")
        )
        pending = desk_services.request_submit(
            community=side["community"],
            category="legal",
            description=f"求助{key}{i}",
            resident_name="张三",
            resident_phone="13800001111",
        )
        dispatched = desk_services.request_submit(
            community=side["community"],
            category="legal",
            description=f"派单{key}{i}",
            resident_name="李四",
            resident_phone="13800002222",
        )
        desk_services.request_triage(request=dispatched, by=side["secretary"])
        desk_services.request_dispatch(request=dispatched, unit=unit, by=side["secretary"])
        side["requests"] += [pending, dispatched]
        desk_services.wish_submit(
            community=side["community"],
            title=f"待审心愿{key}{i}",
            resident_name="王五",
            resident_phone="13800003333",
        )
        wish = desk_services.wish_submit(
            community=side["community"],
            title=f"认领心愿{key}{i}",
            resident_name="赵六",
            resident_phone="13800004444",
        )
        desk_services.wish_review(wish=wish, publish=True, by=side["secretary"])
        desk_services.wish_claim(wish=wish, by=person, unit=unit)
        member = volunteer(
            side["community"], name=f"党员{key}{i}", is_party_member=True, work_unit=unit
        )
        volunteer_services.dual_report_member(volunteer=member, year=today.year)
        event = activity(side["community"], title=f"活动{key}{i}", capacity=10)
        volunteer_services.activity_signup(activity=event, volunteer=side["volunteer"])
        past = activity(
            side["community"], title=f"往期{key}{i}", start=now - datetime.timedelta(days=2)
        )
        Signup.objects.create(activity=past, volunteer=side["volunteer"], status="confirmed")
        CheckIn.objects.create(
            volunteer=side["volunteer"],
            activity=past,
            community=side["community"],
            checked_in_at=now - datetime.timedelta(days=2),
            checked_out_at=now - datetime.timedelta(days=2) + datetime.timedelta(hours=2),
            hours=Decimal("2"),
            status=CheckInStatus.CLOSED,
        )
        activity(side["community"], title=f"可报名{key}{i}", capacity=5)
        volunteer_services.points_manual(
            volunteer=side["volunteer"], amount=Decimal("5"), reason=f"奖励{key}{i}", by=None
        )
        Reminder.objects.create(
            key=f"test:{key}:{i}",
            kind="meeting",
            recipient=person,
            subject=f"提醒{key}{i}",
            body="会议提醒",
            status=ReminderStatus.FAILED,
        )
        side["compounds"].append(CompoundFactory(parent=side["community"]))


def build_world() -> dict[str, Any]:
    """Street with a working committee, communities a and b, one row of each kind on each."""
    street = StreetFactory()
    working_committee(street)
    out: dict[str, Any] = {"street": street, "staff": street_staff(street)}
    today = timezone.localdate()
    for key in ("a", "b"):
        community = CommunityFactory(parent=street, name=f"{key}社区")
        committee = party_committee(community)
        unit = UnitFactory(community=community, name=f"{key}单位")
        other = UnitFactory(community=community, name=f"{key}兄弟单位")
        rota_generate(committee=committee, year=today.year)
        meeting = schedule(
            committee, timezone.now() + datetime.timedelta(hours=1), title=f"{key}联席会议"
        )
        v = volunteer(community, name=f"志愿者{key}")
        side = {
            "key": key,
            "community": community,
            "committee": committee,
            "unit": unit,
            "other": other,
            "contact": contact(unit),
            "secretary": secretary(community),
            "meeting": meeting,
            "volunteer": v,
            "volunteer_user": v.user,
            "lists": [],
            "requests": [],
            "compounds": [],
        }
        fill(side, 1)
        out[key] = side
    return out


def texts(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture(name="world")
def world_of_its_own(db) -> dict[str, Any]:
    """The world built inside the test, for the transactional (live server) tests, which cannot
    share tests/workspace/conftest.py's rows built once per module."""
    return build_world()
