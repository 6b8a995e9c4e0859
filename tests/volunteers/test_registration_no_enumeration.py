"""Signing up as a volunteer does not tell whether a phone number is registered: a number
already taken (by a volunteer or by any account) gets the same page and saves nothing."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from accounts.models import User
from tests.factories import CommunityFactory, StreetFactory, UserFactory
from tests.factories.volunteers import volunteer
from volunteers import services
from volunteers.models import Volunteer

pytestmark = pytest.mark.django_db

RECEIVED = "我们已收到您的注册"


@pytest.fixture
def community(settings):
    street = StreetFactory()
    settings.PORTAL_DEFAULT_STREET = street.code
    return CommunityFactory(parent=street)


def sign_up(client, community, phone, name="刘志愿"):
    return client.post(
        reverse("volunteers:register"),
        {
            "name": name,
            "phone": phone,
            "community": community.pk,
            "password": "Serve-the-people-1",
            "consent": "on",
        },
    )


def page_text(response) -> str:
    """The page without what differs on every answer (the CSRF token)."""
    html = response.content.decode()
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


def test_a_registered_number_gets_the_same_answer_as_a_new_one_and_saves_nothing(client, community):
    old = volunteer(community, phone="13712345678", name="老志愿者")
    fresh = sign_up(client, community, "13787654321")
    taken = sign_up(client, community, "13712345678")
    assert Volunteer.objects.count() == 2  # the old one and the fresh one, no third
    old.refresh_from_db()
    assert old.name == "老志愿者"
    assert User.objects.filter(username="13712345678").count() == 1
    assert fresh.status_code == taken.status_code == 200
    assert RECEIVED in page_text(taken)
    assert page_text(fresh) == page_text(taken)
    assert "已注册" not in page_text(taken).replace("如该手机号已注册过", "")


def test_a_staff_accounts_number_is_not_revealed_either(client, community):
    UserFactory(username="13700001111")
    response = sign_up(client, community, "13700001111")
    assert RECEIVED in page_text(response)
    assert not Volunteer.objects.exists()


def test_the_service_returns_nothing_for_a_taken_number(community):
    volunteer(community, phone="13712345678")
    again = services.volunteer_register(
        name="又一个",
        phone="13712345678",
        community=community,
        password="Serve-the-people-1",
        consent=True,
    )
    assert again is None and Volunteer.objects.count() == 1
