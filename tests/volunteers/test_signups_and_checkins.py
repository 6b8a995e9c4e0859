import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from tests.factories import CommunityFactory
from tests.factories.volunteers import activity, volunteer
from volunteers import services
from volunteers.models import CheckIn, CheckInStatus, Signup, SignupStatus, VolunteerStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def community():
    return CommunityFactory()


def test_registration_needs_consent_and_approval(community):
    with pytest.raises(ValidationError):
        services.volunteer_register(
            name="张三",
            phone="13711112222",
            community=community,
            password="pw-long-enough",
            consent=False,
        )
    v = volunteer(community, approve=False)
    assert v.status == VolunteerStatus.PENDING and not v.user.is_active
    services.volunteer_review(volunteer=v, approve=True, by=None)
    v.user.refresh_from_db()
    assert v.user.is_active and v.user.role == "volunteer"


def test_capacity_is_strict_and_the_waiting_list_moves_up(community):
    event = activity(community, capacity=2)
    a, b, c = (volunteer(community) for _ in range(3))
    sa = services.activity_signup(activity=event, volunteer=a)
    services.activity_signup(activity=event, volunteer=b)
    sc = services.activity_signup(activity=event, volunteer=c)
    assert sc.status == SignupStatus.WAITING
    moved = services.signup_cancel(signup=sa)
    assert moved.pk == sc.pk
    assert Signup.objects.filter(activity=event, status="confirmed").count() == 2


def test_pending_volunteers_cannot_sign_up(community):
    with pytest.raises(ValidationError):
        services.activity_signup(
            activity=activity(community), volunteer=volunteer(community, approve=False)
        )


@pytest.mark.django_db(transaction=True)
def test_concurrent_sign_ups_never_overbook():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL; `make test` runs this on it")
    community = CommunityFactory()
    event = activity(community, capacity=3)
    people = [volunteer(community) for _ in range(8)]
    barrier = threading.Barrier(len(people))

    def sign(person):
        barrier.wait()
        try:
            services.activity_signup(activity=event, volunteer=person)
        finally:
            connection.close()

    threads = [threading.Thread(target=sign, args=(p,)) for p in people]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert Signup.objects.filter(activity=event, status="confirmed").count() == 3
    assert Signup.objects.filter(activity=event, status="waiting").count() == 5


def test_the_rotating_code_cannot_be_replayed_later(community):
    start = timezone.now() + datetime.timedelta(minutes=10)
    event = activity(community, start=start)
    person = volunteer(community)
    services.activity_signup(activity=event, volunteer=person)
    photo_time = start - datetime.timedelta(minutes=5)
    code = services.checkin_code(event, photo_time)
    with pytest.raises(ValidationError):
        services.check_in(
            activity=event,
            volunteer=person,
            code=code,
            now=photo_time + datetime.timedelta(minutes=3),
        )
    assert not CheckIn.objects.exists()
    checkin = services.check_in(
        activity=event, volunteer=person, code=code, now=photo_time + datetime.timedelta(seconds=30)
    )
    assert checkin.status == CheckInStatus.OPEN


def test_check_out_computes_hours_and_only_confirmed_may_check_in(community):
    start = timezone.now() + datetime.timedelta(minutes=10)
    event = activity(community, start=start, capacity=1)
    person, waiting = volunteer(community), volunteer(community)
    services.activity_signup(activity=event, volunteer=person)
    services.activity_signup(activity=event, volunteer=waiting)
    now = start
    with pytest.raises(ValidationError):
        services.check_in(
            activity=event, volunteer=waiting, code=services.checkin_code(event, now), now=now
        )
    services.check_in(
        activity=event, volunteer=person, code=services.checkin_code(event, now), now=now
    )
    later = start + datetime.timedelta(hours=1, minutes=30)
    checkin = services.check_out(
        activity=event, volunteer=person, code=services.checkin_code(event, later), now=later
    )
    assert checkin.hours == 1.5 and checkin.status == CheckInStatus.CLOSED


def test_anyone_still_in_after_24_hours_is_checked_out_and_flagged(community):
    start = timezone.now() - datetime.timedelta(days=2)
    event = services.activity_create(
        title="夏送清凉",
        kind="care",
        node=community,
        place="工地",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=3),
        capacity=5,
    )
    person = volunteer(community)
    Signup.objects.create(activity=event, volunteer=person, status="confirmed")
    CheckIn.objects.create(
        volunteer=person, activity=event, community=community, checked_in_at=start
    )
    assert services.checkouts_overdue(now=start + datetime.timedelta(hours=23)) == 0
    assert services.checkouts_overdue(now=start + datetime.timedelta(hours=25)) == 1
    checkin = CheckIn.objects.get()
    assert checkin.flagged and checkin.status == CheckInStatus.AUTO_CLOSED and checkin.hours == 3
