"""The three lists' rules: a need from the desk names its record once and only the community's;
staff record needs of their own place only; matching puts the units that offered first, then
those whose resources or menu answer the need, the nearest, and the least loaded, with reasons;
a need made a project is in progress until the project is completed and rated by enough
residents; a unit offers itself once, only within its street."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from notifications.models import Notification
from pledges import services
from pledges.models import Need, NeedStatus, ProjectStatus, Resource
from pledges.selectors import need_matches, needs_for_unit
from pledges.services import lists
from servicedesk import services as desk
from tests.factories import CommunityFactory, StreetFactory, secretary, street_staff
from tests.factories.alliance import UnitFactory, contact

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 11, 1)


@pytest.fixture
def place():
    street = StreetFactory(latitude=Decimal("36.0"), longitude=Decimal("117.0"))
    community = CommunityFactory(
        parent=street, latitude=Decimal("36.0"), longitude=Decimal("117.0")
    )
    other = CommunityFactory(parent=street, latitude=Decimal("36.1"), longitude=Decimal("117.1"))
    near = UnitFactory(
        community=community, name="近单位", latitude=Decimal("36.001"), longitude=Decimal("117.0")
    )
    far = UnitFactory(
        community=community, name="远单位", latitude=Decimal("36.05"), longitude=Decimal("117.0")
    )
    idle = UnitFactory(
        community=community, name="无资源单位", latitude=Decimal("36.0"), longitude=Decimal("117.0")
    )
    for unit in (near, far):
        Resource.objects.create(
            unit=unit,
            kind="skills",
            category="repair",
            title=f"{unit.name}维修队",
            capacity="3人",
            availability="预约",
        )
    return {
        "street": street,
        "community": community,
        "other": other,
        "near": near,
        "far": far,
        "idle": idle,
        "secretary": secretary(community),
    }


def _need(place, **kwargs) -> Need:
    data = {"title": "楼道灯坏", "category": "repair", "source": "visit", "people": 30}
    data.update(kwargs)
    return lists.need_record(community=place["community"], by=place["secretary"], **data)


def test_a_need_from_the_desk_names_its_request_once_and_only_the_communitys(place):
    request = desk.request_submit(
        community=place["community"],
        category="repair",
        description="楼道灯坏了",
        resident_name="李",
        resident_phone="13800000002",
    )
    need = _need(place, source="request", source_id=request.pk)
    assert (need.source, need.source_id) == ("request", request.pk)
    with pytest.raises(ValidationError, match="已在需求清单上"):
        _need(place, source="request", source_id=request.pk)
    elsewhere = desk.request_submit(
        community=place["other"],
        category="repair",
        description="修灯",
        resident_name="王",
        resident_phone="13800000003",
    )
    with pytest.raises(ValidationError):
        _need(place, source="request", source_id=elsewhere.pk)
    with pytest.raises(ValidationError):
        _need(place, source="visit", source_id=request.pk)


def test_a_secretary_records_needs_of_their_own_community_only(place):
    with pytest.raises(PermissionDenied):
        lists.need_record(
            community=place["other"],
            title="x",
            category="repair",
            source="visit",
            by=place["secretary"],
        )
    with pytest.raises(PermissionDenied):
        lists.need_record(
            community=place["community"],
            title="x",
            category="repair",
            source="visit",
            by=contact(place["near"]),
        )


def test_matching_puts_offers_first_then_fit_then_distance_then_load(place):
    need = _need(place)

    def units():
        return need.community.units.all()

    order = [m.unit.name for m in need_matches(need, units())]
    assert order == ["近单位", "远单位", "无资源单位"]
    first = need_matches(need, units())[0]
    assert first.suggested and any("近单位维修队" in r for r in first.reasons())
    assert any("公里" in r or "km" in r for r in first.reasons())

    # The nearer unit gave a lot this year: with both as near, the load decides.
    place["far"].latitude, place["far"].longitude = Decimal("36.001"), Decimal("117.0")
    place["far"].save()
    project = services.project_create(
        title="旧项目", goal="x", node=place["community"], starts_on=DAY, ends_on=DAY
    )
    services.contribution_add(
        project=project, unit=place["near"], kind="money", description="捐资", value=50000
    )
    assert [m.unit.name for m in need_matches(need, units())][:2] == ["远单位", "近单位"]

    # A unit that offered comes first whatever it has.
    lists.need_offer(need=need, unit=place["idle"], note="我们出人", by=contact(place["idle"]))
    matches = need_matches(need, units())
    assert matches[0].unit == place["idle"] and matches[0].suggested
    assert "已认领：我们出人" in matches[0].reasons()[0]


def test_a_unit_offers_once_within_its_street_and_the_community_is_told(
    place, django_capture_on_commit_callbacks
):
    need = _need(place)
    person = contact(place["near"])
    with django_capture_on_commit_callbacks(execute=True):
        lists.need_offer(need=need, unit=place["near"], note="派三名技师", by=person)
    assert Notification.objects.filter(recipient=place["secretary"], kind="need_offered").exists()
    with pytest.raises(ValidationError, match="已经认领"):
        lists.need_offer(need=need, unit=place["near"], note="再来", by=person)
    stranger = UnitFactory(community=CommunityFactory(parent=StreetFactory()))
    with pytest.raises(ValidationError, match="本街道"):
        lists.need_offer(need=need, unit=stranger, note="x", by=contact(stranger))
    with pytest.raises(PermissionDenied):  # a contact speaks for their own unit only
        lists.need_offer(need=need, unit=place["far"], note="x", by=person)


def test_a_unit_sees_the_open_needs_its_resources_answer(place):
    repair = _need(place)
    _need(place, title="助老", category="elderly")
    other_street = CommunityFactory(parent=StreetFactory())
    lists.need_record(
        community=other_street,
        title="别处的灯",
        category="repair",
        source="visit",
        by=secretary(other_street),
    )
    assert list(needs_for_unit(place["near"])) == [repair]
    assert list(needs_for_unit(place["idle"])) == []


def test_a_need_closes_once_its_project_is_completed_and_rated_enough(
    place, settings, django_capture_on_commit_callbacks
):
    settings.NEED_CLOSING_RATINGS = 2
    need = _need(place)
    resource = place["near"].resources.get()
    told = contact(place["near"])
    with django_capture_on_commit_callbacks(execute=True):
        project = lists.need_to_project(
            need=need,
            title="楼道照明改造",
            goal="换灯",
            starts_on=DAY,
            ends_on=DAY + datetime.timedelta(days=30),
            lead_unit=place["near"],
            resources=[resource],
            by=place["secretary"],
        )
    need.refresh_from_db()
    assert (need.status, need.project) == (NeedStatus.IN_PROJECT, project)
    assert list(project.resources.all()) == [resource]
    assert Notification.objects.filter(recipient=told, kind="need_matched").exists()

    token = services.voter_issue()
    with pytest.raises(ValidationError, match="完成后"):
        lists.project_rate(project=project, value="satisfied", voter_token=token, address="1")
    services.project_progress(project=project, status=ProjectStatus.COMPLETED, progress=100)
    lists.project_rate(project=project, value="satisfied", voter_token=token, address="1")
    with pytest.raises(ValidationError, match="已经评价"):
        lists.project_rate(project=project, value="basic", voter_token=token, address="1")
    need.refresh_from_db()
    assert need.status == NeedStatus.IN_PROJECT  # one rating is not enough
    lists.project_rate_assisted(
        project=project, value="basic", resident_phone="13800000011", by=place["secretary"]
    )
    need.refresh_from_db()
    assert need.status == NeedStatus.CLOSED and need.closed_at is not None


def test_a_project_is_made_only_of_an_open_need_with_units_of_the_street(place):
    need = _need(place)
    stranger = UnitFactory(community=CommunityFactory(parent=StreetFactory()))
    kwargs = {
        "title": "x",
        "goal": "x",
        "starts_on": DAY,
        "ends_on": DAY,
        "by": place["secretary"],
    }
    with pytest.raises(ValidationError):
        lists.need_to_project(need=need, lead_unit=stranger, **kwargs)
    with pytest.raises(PermissionDenied):
        lists.need_to_project(
            need=need, lead_unit=place["near"], **{**kwargs, "by": contact(place["near"])}
        )
    lists.need_withdraw(need=need, by=street_staff(place["street"]))
    with pytest.raises(ValidationError, match="不在待对接"):
        lists.need_to_project(need=need, lead_unit=place["near"], **kwargs)


def test_this_years_giving_is_summed_in_yuan(place):
    need = _need(place)
    project = services.project_create(
        title="旧项目", goal="x", node=place["community"], starts_on=DAY, ends_on=DAY
    )
    for value in (1200, 800):
        services.contribution_add(
            project=project, unit=place["far"], kind="money", description="捐资", value=value
        )
    far = next(m for m in need_matches(need, need.community.units.all()) if m.unit == place["far"])
    assert far.given_this_year == Decimal("2000")
    assert "今年已投入 2,000 元" in far.reasons()
