"""Every public form has a per-address limit: past it, the form says so and nothing is saved."""

from __future__ import annotations

import itertools

import pytest
from django.urls import reverse

from common.ratelimit import allowance
from servicedesk.models import MicroWish, ServiceRequest
from tests.factories import CommunityFactory, StreetFactory
from volunteers.models import Volunteer

pytestmark = pytest.mark.django_db

TOO_MANY = "次数过多"  # part of "Too many submissions / look-ups from your network"
phones = (f"139{n:08d}" for n in itertools.count(1))


@pytest.fixture
def community():
    return CommunityFactory(parent=StreetFactory())


def help_data(community):
    return {
        "community": community.pk,
        "category": "repair",
        "resident_name": "王奶奶",
        "resident_phone": next(phones),
        "description": "楼道灯坏了",
    }


def wish_data(community):
    return {
        "community": community.pk,
        "title": "一个助听器",
        "resident_name": "张爷爷",
        "resident_phone": next(phones),
    }


def volunteer_data(community):
    return {
        "name": "刘志愿",
        "phone": next(phones),
        "community": community.pk,
        "password": "Serve-the-people-1",
        "consent": "on",
    }


@pytest.mark.parametrize(
    ("what", "url", "data", "model"),
    [
        ("help", "servicedesk:help", help_data, ServiceRequest),
        ("wish", "servicedesk:wish-new", wish_data, MicroWish),
        ("volunteer", "volunteers:register", volunteer_data, Volunteer),
    ],
)
def test_a_public_form_stops_at_its_limit(client, community, what, url, data, model):
    for _ in range(allowance(what)):
        client.post(reverse(url), data(community))
    assert model.objects.count() == allowance(what)
    response = client.post(reverse(url), data(community), follow=True)
    assert TOO_MANY in response.content.decode()
    assert model.objects.count() == allowance(what)


def test_tracking_codes_cannot_be_guessed_in_bulk(client):
    for n in range(allowance("track")):
        client.get(reverse("servicedesk:track"), {"code": f"R{n:06d}"})
    response = client.get(reverse("servicedesk:track"), {"code": "RGUESS1"})
    assert response.status_code == 200 and TOO_MANY in response.content.decode()
