import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from tests.factories import CommunityFactory
from tests.factories.alliance import UnitFactory
from tests.factories.volunteers import volunteer
from volunteers import services
from volunteers.models import CheckIn
from volunteers.selectors import compliance_board, unit_score_sheet

pytestmark = pytest.mark.django_db


def served(person, community, when: datetime.datetime, times: int = 1):
    event = services.activity_create(
        title="服务",
        kind="care",
        node=community,
        place="x",
        starts_at=when,
        ends_at=when + datetime.timedelta(hours=1),
        capacity=50,
    )
    for _ in range(times):
        CheckIn.objects.create(
            volunteer=person,
            activity=event if _ == 0 else None,
            post=None if _ == 0 else _post(community),
            community=community,
            checked_in_at=when,
            hours=Decimal("1"),
            status="approved",
        )


def _post(community):
    from volunteers.models import ServicePost

    return ServicePost.objects.create(
        title="岗",
        node=community,
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2026, 12, 31),
    )


def at(year, month, day):
    from zoneinfo import ZoneInfo

    return datetime.datetime(year, month, day, 10, tzinfo=ZoneInfo("Asia/Shanghai"))


def test_members_under_ten_services_in_the_year_are_flagged_at_the_year_boundary():
    home, elsewhere = CommunityFactory(), CommunityFactory()
    unit = UnitFactory(community=elsewhere)
    busy = volunteer(home, is_party_member=True, work_unit=unit, name="勤快")
    idle = volunteer(home, is_party_member=True, work_unit=unit, name="偶尔")
    for person in (busy, idle):
        services.dual_report_member(volunteer=person, year=2026)
    for month in range(1, 11):
        served(busy, home, at(2026, month, 15))
    served(idle, home, at(2026, 12, 31), times=1)
    served(idle, home, at(2027, 1, 1), times=1)  # next year's: does not count for 2026
    served(idle, elsewhere, at(2026, 6, 1), times=3)  # not in the home community
    rows = {r["report"].volunteer.name: r for r in compliance_board(home, 2026)}
    assert (rows["勤快"]["services"], rows["勤快"]["under_ten"], rows["勤快"]["months"]) == (
        10,
        False,
        10,
    )
    assert (rows["偶尔"]["services"], rows["偶尔"]["under_ten"]) == (1, True)


def test_a_unit_gets_its_members_score_sheet_with_proof():
    home, unit_home = CommunityFactory(), CommunityFactory()
    unit = UnitFactory(community=unit_home)
    person = volunteer(home, is_party_member=True, work_unit=unit)
    services.dual_report_member(volunteer=person, year=2026)
    served(person, home, at(2026, 3, 1))
    sheet = unit_score_sheet(unit, 2026)
    assert len(sheet) == 1 and sheet[0]["services"] == 1 and sheet[0]["proof"][0].community == home


def test_only_in_service_members_report_and_once_a_year():
    home = CommunityFactory()
    with pytest.raises(ValidationError):
        services.dual_report_member(volunteer=volunteer(home), year=2026)
    person = volunteer(home, is_party_member=True, work_unit=UnitFactory(community=home))
    services.dual_report_member(volunteer=person, year=2026)
    with pytest.raises(ValidationError):
        services.dual_report_member(volunteer=person, year=2026)


def test_the_community_confirms_a_report_and_assigns_a_team(client):
    from django.urls import reverse

    from tests.factories import secretary
    from volunteers.models import DualReport, Team

    home = CommunityFactory()
    person = volunteer(home, is_party_member=True, work_unit=UnitFactory(community=home))
    services.dual_report_member(volunteer=person, year=2026)
    team = Team.objects.create(name="平安巡逻队", node=home)
    client.force_login(secretary(home))
    url = reverse("volunteers:compliance", args=[home.pk, 2026])
    client.post(url, {"report": DualReport.objects.get().pk, "team": team.pk})
    report = DualReport.objects.get()
    assert report.confirmed_at and report.team == team
    other = CommunityFactory()
    client.force_login(secretary(other))
    assert client.get(url).status_code == 404
