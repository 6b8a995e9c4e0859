"""The micro-wish and service-request state machines: allowed and forbidden moves per actor."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from common.masking import mask_phone
from servicedesk import services
from servicedesk.models import MicroWish, RequestStatus, ServiceRequest, WishStatus
from tests.factories import CommunityFactory, CompoundFactory, StreetFactory, UserFactory, secretary
from tests.factories.alliance import UnitFactory, contact

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk():
    street = StreetFactory()
    community = CommunityFactory(parent=street)
    unit = UnitFactory(community=community)
    return {
        "community": community,
        "compound": CompoundFactory(parent=community),
        "unit": unit,
        "contact": contact(unit),
        "other": contact(UnitFactory(community=community)),
        "staff": secretary(community),
    }


def wish(desk, **kwargs):
    return services.wish_submit(
        community=desk["community"],
        title="想要一台助听器",
        resident_name="张奶奶",
        resident_phone="13800001111",
        **kwargs,
    )


def test_a_wish_goes_from_posted_to_confirmed_with_history(desk):
    w = wish(desk, place=desk["compound"])
    services.wish_review(wish=w, publish=True, by=desk["staff"])
    services.wish_claim(wish=w, by=desk["contact"], unit=desk["unit"])
    services.wish_fulfil(wish=w, by=desk["contact"], proof="已送达并调试")
    services.wish_confirm(wish=w, rating=5, phone_last4="1111")
    assert w.status == WishStatus.CONFIRMED and w.rating == 5
    assert [e.action for e in w.events.all()] == ["submit", "publish", "claim", "fulfil", "confirm"]


def test_a_volunteers_claim_waits_for_approval_and_can_be_withdrawn(desk):
    volunteer = UserFactory()
    w = wish(desk)
    services.wish_review(wish=w, publish=True, by=desk["staff"])
    services.wish_claim(wish=w, by=volunteer)
    assert w.status == WishStatus.CLAIM_PENDING
    services.wish_decide_claim(wish=w, approve=True, by=desk["staff"])
    assert w.status == WishStatus.CLAIMED
    services.wish_withdraw(wish=w, by=volunteer)
    assert w.status == WishStatus.PUBLISHED and w.claimed_by is None


@pytest.mark.parametrize(
    "move",
    [
        lambda d, w: services.wish_fulfil(wish=w, by=d["contact"], proof="x"),  # not claimed
        lambda d, w: services.wish_confirm(wish=w, rating=4, phone_last4="1111"),  # not fulfilled
        lambda d, w: services.wish_claim(wish=w, by=d["contact"], unit=d["unit"]),  # not published
    ],
)
def test_moves_from_the_wrong_state_are_refused_and_change_nothing(desk, move):
    w = wish(desk)
    with pytest.raises((ValidationError, PermissionDenied)):
        move(desk, w)
    w.refresh_from_db()
    assert w.status == WishStatus.SUBMITTED and w.events.count() == 1


def test_only_the_claimer_fulfils_or_withdraws(desk):
    w = wish(desk)
    services.wish_review(wish=w, publish=True, by=desk["staff"])
    services.wish_claim(wish=w, by=desk["contact"], unit=desk["unit"])
    with pytest.raises(PermissionDenied):
        services.wish_fulfil(wish=w, by=desk["other"], proof="抢功")
    with pytest.raises(PermissionDenied):
        services.wish_withdraw(wish=w, by=desk["other"])
    w.refresh_from_db()
    assert w.status == WishStatus.CLAIMED


def test_wishes_expire_and_can_be_cancelled(desk):
    w = wish(desk, today=datetime.date(2026, 1, 1))
    services.wish_review(wish=w, publish=True, by=desk["staff"])
    assert services.wishes_expire(today=datetime.date(2026, 2, 1)) == 0
    assert services.wishes_expire(today=datetime.date(2026, 3, 15)) == 1
    assert MicroWish.objects.get(pk=w.pk).status == WishStatus.EXPIRED
    other = wish(desk)
    services.wish_cancel(wish=other, phone_last4="1111")
    assert other.status == WishStatus.CANCELLED


def test_a_rejected_wish_needs_a_reason(desk):
    w = wish(desk)
    with pytest.raises(ValidationError):
        services.wish_review(wish=w, publish=False, by=desk["staff"], note=" ")
    services.wish_review(wish=w, publish=False, by=desk["staff"], note="不属于微心愿范围")
    assert w.status == WishStatus.REJECTED


def test_bad_wish_input_is_refused_whole(desk):
    for bad in [
        {"title": ""},
        {"title": "<img src=x onerror=alert(1)>"},
        {"resident_phone": "12345"},
        {"title": "很" * 101},
    ]:
        data = {
            "community": desk["community"],
            "title": "助听器",
            "resident_name": "张奶奶",
            "resident_phone": "13800001111",
            **bad,
        }
        with pytest.raises(ValidationError):
            services.wish_submit(**data)
    assert not MicroWish.objects.exists()


def request(desk, **kwargs):
    data = {
        "community": desk["community"],
        "category": "repair",
        "description": "楼道灯坏了",
        "resident_name": "李先生",
        "resident_phone": "13900002222",
        **kwargs,
    }
    return services.request_submit(**data)


def test_a_request_from_order_to_rating(desk):
    r = request(desk)
    assert r.tracking_code.startswith("R") and len(r.tracking_code) == 11
    services.request_triage(request=r, by=desk["staff"])
    services.request_dispatch(request=r, unit=desk["unit"], by=desk["staff"])
    services.request_accept(request=r, by=desk["contact"])
    services.request_close(request=r, by=desk["contact"], report="已更换灯泡")
    services.request_rate(request=r, rating=5, phone_last4="2222")
    assert r.status == RequestStatus.RATED and r.closed_by_unit == desk["unit"]
    assert [e.action for e in r.events.all()] == [
        "submit",
        "triage",
        "dispatch",
        "accept",
        "close",
        "rate",
    ]


def test_a_unit_can_take_a_triaged_request_and_decline_it(desk):
    r = request(desk)
    services.request_triage(request=r, by=desk["staff"])
    services.request_take(request=r, by=desk["contact"])
    assert r.unit == desk["unit"]
    with pytest.raises(PermissionDenied):
        services.request_accept(request=r, by=desk["other"])
    services.request_decline(request=r, by=desk["contact"], note="超出服务范围")
    assert r.status == RequestStatus.TRIAGED and r.unit is None


def test_reopen_counts_against_the_closer(desk):
    r = request(desk)
    services.request_triage(request=r, by=desk["staff"])
    services.request_dispatch(request=r, unit=desk["unit"], by=desk["staff"])
    services.request_accept(request=r, by=desk["contact"])
    services.request_close(request=r, by=desk["contact"], report="已处理")
    with pytest.raises(ValidationError):
        services.request_reopen(request=r, note="", phone_last4="2222")
    services.request_reopen(request=r, note="灯还是不亮", phone_last4="2222")
    r.refresh_from_db()
    assert (
        r.status == RequestStatus.TRIAGED
        and r.reopen_count == 1
        and r.closed_by_unit == desk["unit"]
    )


def test_a_unit_cannot_close_without_a_report_or_triage_it(desk):
    r = request(desk)
    with pytest.raises(PermissionDenied):
        services._move(r, services.REQUEST_STEPS, "triage", "unit", None)
    services.request_triage(request=r, by=desk["staff"])
    services.request_dispatch(request=r, unit=desk["unit"], by=desk["staff"])
    services.request_accept(request=r, by=desk["contact"])
    with pytest.raises(ValidationError):
        services.request_close(request=r, by=desk["contact"], report="  ")
    assert ServiceRequest.objects.get(pk=r.pk).status == RequestStatus.ACCEPTED


def test_near_duplicates_are_suggested(desk):
    base = {"latitude": Decimal("36.863000"), "longitude": Decimal("117.743000")}
    first = request(desk, **base)
    near = request(
        desk, latitude=Decimal("36.863300"), longitude=Decimal("117.743000")
    )  # about 33 m
    far = request(
        desk, latitude=Decimal("36.864000"), longitude=Decimal("117.743000")
    )  # about 111 m
    other_kind = request(desk, category="health", **base)
    assert services.similar_requests(near) == [first]
    assert far not in services.similar_requests(near)
    assert other_kind not in services.similar_requests(near)


def test_sla_light_of_a_request(desk):
    r = request(desk)  # repair: 48 hours
    start = r.created_at
    assert r.sla_light(start + datetime.timedelta(hours=30)) == "green"
    assert r.sla_light(start + datetime.timedelta(hours=40)) == "yellow"
    assert r.sla_light(start + datetime.timedelta(hours=49)) == "red"


def test_phones_are_masked():
    assert mask_phone("13812345678") == "138********"


def test_the_nightly_task_expires_wishes(desk):
    from servicedesk.tasks import expire_wishes

    w = wish(desk, today=datetime.date(2020, 1, 1))
    services.wish_review(wish=w, publish=True, by=desk["staff"])
    assert expire_wishes.apply().get() == 1
    assert MicroWish.objects.get(pk=w.pk).status == WishStatus.EXPIRED
