"""The public points leaderboards name a volunteer whole only with their consent (张* without),
and the sign-up form is where they give it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import CommunityFactory, StreetFactory
from tests.factories.volunteers import volunteer
from volunteers.models import Volunteer

pytestmark = pytest.mark.django_db


@pytest.fixture
def street(settings):
    street = StreetFactory()
    settings.PORTAL_DEFAULT_STREET = street.code
    return street


def test_only_consenting_volunteers_are_named_whole_on_the_leaderboards(client, street):
    community = CommunityFactory(parent=street)
    volunteer(community, name="欧阳志愿", show_publicly=True)
    volunteer(community, name="司马无名")
    page = client.get(reverse("volunteers:leaderboards")).content.decode()
    assert "欧阳志愿" in page
    assert "司马无名" not in page and "司***" in page


def test_the_sign_up_form_records_the_consent(client, street):
    community = CommunityFactory(parent=street)
    data = {
        "name": "公开的",
        "phone": "13912340001",
        "community": community.pk,
        "password": "Serve-the-people-1",
        "consent": "on",
    }
    client.post(reverse("volunteers:register"), {**data, "show_publicly": "on"})
    client.post(reverse("volunteers:register"), {**data, "name": "不公开", "phone": "13912340002"})
    assert dict(Volunteer.objects.values_list("name", "show_publicly")) == {
        "公开的": True,
        "不公开": False,
    }


def test_a_volunteer_takes_the_consent_back_on_their_own_page(client, street):
    person = volunteer(CommunityFactory(parent=street), name="欧阳志愿", show_publicly=True)
    client.force_login(person.user)
    client.post(reverse("volunteers:me"), {})
    person.refresh_from_db()
    assert person.show_publicly is False
    client.post(reverse("volunteers:me"), {"show_publicly": "on"})
    person.refresh_from_db()
    assert person.show_publicly is True
