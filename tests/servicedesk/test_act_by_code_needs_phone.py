"""Holding a tracking code is not enough to cancel, confirm, rate or reopen: the resident also
gives the last four digits of the phone they left, and wrong answers are counted against the
code and against the address until both stop trying."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from common.ratelimit import allowance
from servicedesk import services
from servicedesk.models import MicroWish, RequestStatus, ServiceRequest, WishStatus
from tests.factories import CommunityFactory, StreetFactory, secretary
from tests.factories.alliance import UnitFactory, contact

pytestmark = pytest.mark.django_db

TOO_MANY = "次数过多"
NO_MATCH = "后四位不符"


@pytest.fixture
def community():
    return CommunityFactory(parent=StreetFactory())


def new_wish(community, phone="13800001234") -> MicroWish:
    wish = services.wish_submit(
        community=community, title="一副老花镜", resident_name="张奶奶", resident_phone=phone
    )
    services.wish_review(wish=wish, publish=True, by=secretary(community))
    return wish


def closed_request(community) -> ServiceRequest:
    unit = UnitFactory(community=community)
    person = contact(unit)
    request = services.request_submit(
        community=community,
        category="repair",
        description="楼道灯坏了",
        resident_name="王先生",
        resident_phone="13900005678",
    )
    services.request_triage(request=request, by=secretary(community))
    services.request_take(request=request, by=person)
    services.request_accept(request=request, by=person)
    services.request_close(request=request, by=person, report="已更换灯泡")
    return request


def cancel(client, wish, last4=None, address="10.0.0.1", **headers):
    data = {"action": "cancel"}
    if last4 is not None:
        data["phone_last4"] = last4
    return client.post(
        reverse("servicedesk:track-code", args=[wish.tracking_code]),
        data,
        follow=True,
        REMOTE_ADDR=address,
        **headers,
    )


def test_the_code_alone_does_not_cancel_a_wish(client, community):
    wish = new_wish(community)
    cancel(client, wish)
    wish.refresh_from_db()
    assert wish.status == WishStatus.PUBLISHED


def test_the_code_with_wrong_digits_does_not_cancel_and_says_so(client, community):
    wish = new_wish(community)
    page = cancel(client, wish, "0000").content.decode()
    wish.refresh_from_db()
    assert wish.status == WishStatus.PUBLISHED
    assert NO_MATCH in page
    cancel(client, wish, "1234")  # the resident, with the right digits
    wish.refresh_from_db()
    assert wish.status == WishStatus.CANCELLED


def test_rating_and_reopening_a_request_need_the_digits_too(client, community):
    request = closed_request(community)
    url = reverse("servicedesk:track-code", args=[request.tracking_code])
    client.post(url, {"action": "rate", "rating": "1", "phone_last4": "1234"})
    client.post(url, {"action": "reopen", "note": "没修好", "phone_last4": "1234"})
    request.refresh_from_db()
    assert request.status == RequestStatus.CLOSED and request.rating is None
    client.post(url, {"action": "rate", "rating": "4", "phone_last4": "5678"})
    request.refresh_from_db()
    assert request.status == RequestStatus.RATED and request.rating == 4


def test_the_services_refuse_a_resident_action_without_the_digits(community):
    wish = new_wish(community)
    with pytest.raises(PermissionDenied):
        services.wish_cancel(wish=wish, phone_last4="9999")
    with pytest.raises(PermissionDenied):
        services.wish_cancel(wish=wish)
    wish.refresh_from_db()
    assert wish.status == WishStatus.PUBLISHED


def test_wrong_answers_lock_the_code_even_from_many_addresses(client, community):
    wish = new_wish(community)
    for n in range(allowance("track-code")):
        cancel(client, wish, f"{n:04d}", address=f"10.0.1.{n}")
    page = cancel(client, wish, "1234", address="10.0.2.1").content.decode()
    wish.refresh_from_db()
    assert wish.status == WishStatus.PUBLISHED  # even the right answer waits now
    assert TOO_MANY in page


def test_wrong_answers_lock_the_address_across_codes(client, community):
    wishes = [new_wish(community, phone=f"1380000{n:04d}") for n in range(4)]
    tries = 0
    while tries < allowance("track-address"):
        cancel(client, wishes[tries % 3], "9999", address="10.0.3.3")
        tries += 1
    last = wishes[3]
    page = cancel(client, last, last.resident_phone[-4:], address="10.0.3.3").content.decode()
    last.refresh_from_db()
    assert last.status == WishStatus.PUBLISHED and TOO_MANY in page
    # Another address with the right digits is not held up by this one's guessing.
    cancel(client, last, last.resident_phone[-4:], address="10.0.4.4")
    last.refresh_from_db()
    assert last.status == WishStatus.CANCELLED


def test_behind_our_proxy_each_residents_wrong_answers_count_for_them_alone(
    client, community, settings
):
    # nginx is the one proxy in front: every request reaches gunicorn from its address, and the
    # resident's own address is the last one in X-Forwarded-For.
    settings.TRUSTED_PROXY_COUNT = 1
    wishes = [new_wish(community, phone=f"1380001{n:04d}") for n in range(4)]
    for n in range(allowance("track-address")):
        cancel(client, wishes[n % 3], "9999", address="172.16.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4")
    last = wishes[3]
    digits = last.resident_phone[-4:]
    page = cancel(client, last, digits, address="172.16.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4")
    last.refresh_from_db()
    assert last.status == WishStatus.PUBLISHED and TOO_MANY in page.content.decode()
    # A neighbour behind the same proxy is not held up by the guessing at 1.2.3.4.
    cancel(client, last, digits, address="172.16.0.2", HTTP_X_FORWARDED_FOR="5.6.7.8")
    last.refresh_from_db()
    assert last.status == WishStatus.CANCELLED


def test_no_page_shows_the_digits_it_asks_for(client, community):
    # The track page asks for the phone's last four digits; neither it nor the masked phone
    # the desk and the admin show may give them away.
    wish = new_wish(community, phone="13800004321")
    page = client.get(reverse("servicedesk:track-code", args=[wish.tracking_code]))
    assert page.status_code == 200
    assert "4321" not in page.content.decode()
    from common.masking import mask_phone

    assert mask_phone(wish.resident_phone) == "138********"
    client.force_login(secretary(community))
    admin_page = client.get(reverse("admin:servicedesk_microwish_change", args=[wish.pk]))
    assert admin_page.status_code == 200 and "4321" not in admin_page.content.decode()
