"""Rate limits and sign-in lock-outs key on the client address as the deployment's own proxies
saw it: a made-up X-Forwarded-For buys no fresh allowance unless TRUSTED_PROXY_COUNT says a
proxy of ours wrote it."""

from __future__ import annotations

import itertools

import pytest
from django.test import RequestFactory
from django.urls import reverse
from rest_framework.test import APIClient

from common.client import client_ip
from common.ratelimit import allowance
from servicedesk.models import MicroWish
from tests.factories import CommunityFactory, StreetFactory, street_staff

pytestmark = pytest.mark.django_db

phones = (f"139{n:08d}" for n in itertools.count(50_000_000))


def request_from(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.mark.parametrize(
    ("count", "forwarded", "client"),
    [
        (0, None, "10.0.0.9"),
        (0, "6.6.6.6", "10.0.0.9"),  # no proxy of ours: the header is the client's own words
        (1, None, "10.0.0.9"),
        (1, "1.2.3.4", "1.2.3.4"),
        (1, "6.6.6.6, 1.2.3.4", "1.2.3.4"),  # the client wrote 6.6.6.6, nginx appended 1.2.3.4
        (1, "junk, 6.6.6.6,1.2.3.4", "1.2.3.4"),
        (2, "6.6.6.6, 1.2.3.4, 172.16.0.2", "1.2.3.4"),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_the_client_is_counted_back_from_our_own_proxies(settings, count, forwarded, client):
    settings.TRUSTED_PROXY_COUNT = count
    assert client_ip(request_from("10.0.0.9", forwarded)) == client


def wish(community):
    return {
        "community": community.pk,
        "title": "一个助听器",
        "resident_name": "张爷爷",
        "resident_phone": next(phones),
    }


@pytest.fixture
def community():
    return CommunityFactory(parent=StreetFactory())


def test_a_made_up_forwarded_header_does_not_dodge_a_forms_limit(client, community):
    for n in range(allowance("wish")):
        client.post(
            reverse("servicedesk:wish-new"), wish(community), HTTP_X_FORWARDED_FOR=f"7.7.7.{n}"
        )
    response = client.post(
        reverse("servicedesk:wish-new"),
        wish(community),
        HTTP_X_FORWARDED_FOR="8.8.8.8",
        follow=True,
    )
    assert "次数过多" in response.content.decode()
    assert MicroWish.objects.count() == allowance("wish")


def test_behind_one_trusted_proxy_each_resident_has_their_own_limit(client, community, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(allowance("wish")):
        client.post(
            reverse("servicedesk:wish-new"), wish(community), HTTP_X_FORWARDED_FOR="7.7.7.7"
        )
    client.post(
        reverse("servicedesk:wish-new"), wish(community), HTTP_X_FORWARDED_FOR="1.1.1.1, 7.7.7.7"
    )
    assert MicroWish.objects.count() == allowance("wish")  # the same resident: refused
    client.post(reverse("servicedesk:wish-new"), wish(community), HTTP_X_FORWARDED_FOR="9.9.9.9")
    assert MicroWish.objects.count() == allowance("wish") + 1  # another resident


def test_the_api_throttle_ignores_a_made_up_forwarded_header(community):
    api = APIClient()
    codes = [
        api.post(
            "/api/v1/micro-wishes/",
            wish(community),
            format="json",
            HTTP_X_FORWARDED_FOR=f"7.7.{n}.1",
        ).status_code
        for n in range(allowance("wish") + 1)
    ]
    assert codes[:-1] == [201] * allowance("wish") and codes[-1] == 429
    assert MicroWish.objects.count() == allowance("wish")


def test_sign_in_lock_out_ignores_a_made_up_forwarded_header(client, small_street, settings):
    user = street_staff(small_street.street)
    for n in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("admin:login"),
            {"username": user.username, "password": "wrong", "next": "/admin/"},
            HTTP_X_FORWARDED_FOR=f"5.5.5.{n}",
        )
    again = client.post(
        reverse("admin:login"),
        {"username": user.username, "password": "correct-horse-battery", "next": "/admin/"},
        HTTP_X_FORWARDED_FOR="5.5.5.200",
    )
    assert again.status_code == 429
