import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.factories import CommunityFactory, UserFactory
from tests.factories.volunteers import volunteer
from volunteers import services
from volunteers.models import CheckIn, PointEntry, PointRule, PointRuleChange
from volunteers.selectors import balance

pytestmark = pytest.mark.django_db


@pytest.fixture
def person():
    return volunteer(CommunityFactory())


def test_entries_are_never_edited_or_deleted_only_reversed(person):
    entry = services.points_manual(
        volunteer=person, amount=Decimal("15"), reason="抗洪抢险表现突出", by=None
    )
    entry.amount = Decimal("1500")
    with pytest.raises(ValidationError):
        entry.save()
    with pytest.raises(ValidationError):
        entry.delete()
    services.points_reverse(entry=PointEntry.objects.get(pk=entry.pk), reason="录入错误", by=None)
    assert balance(person) == 0
    assert PointEntry.objects.count() == 2
    with pytest.raises(ValidationError):
        services.points_reverse(entry=PointEntry.objects.get(pk=entry.pk), reason="again", by=None)


def test_points_follow_the_rule_and_stop_at_the_daily_cap(person):
    now = timezone.now()
    first = services.points_award(
        volunteer=person, source="checkin", source_key="checkin:1", hours=Decimal("3"), now=now
    )
    second = services.points_award(
        volunteer=person, source="checkin", source_key="checkin:2", hours=Decimal("3"), now=now
    )
    assert first.amount == 30 and second.amount == 10  # 10 an hour, 40 a day
    assert (
        services.points_award(
            volunteer=person, source="checkin", source_key="checkin:3", hours=Decimal("1"), now=now
        )
        is None
    )
    tomorrow = services.points_award(
        volunteer=person,
        source="checkin",
        source_key="checkin:4",
        hours=Decimal("1"),
        now=now + datetime.timedelta(days=1),
    )
    assert tomorrow.amount == 10


def test_the_yearly_cap_and_once_per_source(person):
    rule = PointRule.objects.get(key="wish")
    services.rule_update(rule=rule, by=UserFactory(), yearly_cap=Decimal("30"))
    assert services.points_award(volunteer=person, source="wish", source_key="wish:1").amount == 20
    assert (
        services.points_award(volunteer=person, source="wish", source_key="wish:1") is None
    )  # same source
    assert services.points_award(volunteer=person, source="wish", source_key="wish:2").amount == 10
    assert services.points_award(volunteer=person, source="wish", source_key="wish:3") is None
    change = PointRuleChange.objects.get()
    assert change.before["yearly_cap"] == "400.00" and change.after["yearly_cap"] == "30"


def test_approved_hours_earn_points_rejected_ones_do_not():
    community = CommunityFactory()
    start = timezone.now() - datetime.timedelta(days=1)
    event = services.activity_create(
        title="送法律",
        kind="law",
        node=community,
        place="x",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        capacity=5,
    )
    a, b = volunteer(community), volunteer(community)
    for person in (a, b):
        CheckIn.objects.create(
            volunteer=person,
            activity=event,
            community=community,
            checked_in_at=start,
            checked_out_at=start + datetime.timedelta(hours=2),
            hours=Decimal("2"),
            status="closed",
        )
    services.hours_review(checkins=list(CheckIn.objects.filter(volunteer=a)), approve=True, by=None)
    services.hours_review(
        checkins=list(CheckIn.objects.filter(volunteer=b)), approve=False, by=None
    )
    assert balance(a) == 20 and balance(b) == 0


def test_a_confirmed_wish_earns_its_claimer_points(django_capture_on_commit_callbacks):
    from servicedesk import services as desk

    community = CommunityFactory()
    person = volunteer(community)
    wish = desk.wish_submit(
        community=community, title="助听器", resident_name="张", resident_phone="13800001111"
    )
    desk.wish_review(wish=wish, publish=True, by=None)
    desk.wish_claim(wish=wish, by=person.user)
    desk.wish_decide_claim(wish=wish, approve=True, by=None)
    desk.wish_fulfil(wish=wish, by=person.user, proof="送达")
    with django_capture_on_commit_callbacks(execute=True):
        desk.wish_confirm(wish=wish, rating=5, phone_last4="1111")
    assert balance(person) == 20


def test_a_volunteer_who_serves_a_request_earns_its_points(django_capture_on_commit_callbacks):
    from servicedesk import services as desk
    from tests.factories import secretary
    from tests.factories.alliance import UnitFactory

    community = CommunityFactory()
    unit = UnitFactory(community=community)
    person = volunteer(community)
    person.user.role, person.user.unit = "unit_contact", unit  # a unit's contact who volunteers too
    person.user.save(update_fields=["role", "unit"])
    request = desk.request_submit(
        community=community,
        category="repair",
        description="修灯",
        resident_name="李",
        resident_phone="13800000002",
    )
    desk.request_triage(request=request, by=secretary(community))
    desk.request_dispatch(request=request, unit=unit, by=None)
    desk.request_accept(request=request, by=person.user)
    with django_capture_on_commit_callbacks(execute=True):
        desk.request_close(request=request, by=person.user, report="已修好")
    assert balance(person) == 10
