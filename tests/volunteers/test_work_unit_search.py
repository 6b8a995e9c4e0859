"""The sign-up form names a party member's work unit by typing it: the street's units are
searched, not listed (a street may have thousands), and a name that matches no unit or several
is answered with what matched, saving nothing."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from tests.factories import CommunityFactory, StreetFactory
from tests.factories.alliance import UnitFactory
from volunteers.models import Volunteer

pytestmark = pytest.mark.django_db


@pytest.fixture
def street():
    street = StreetFactory(code="hexi")
    home = CommunityFactory(parent=street)
    for name in ("河西区人民医院", "河西区中医院", "河西第一中学", "河西供电所"):
        UnitFactory(community=home, name=name)
    UnitFactory(community=home, name="河西粮站", left_on=datetime.date(2020, 1, 1))
    other = CommunityFactory(parent=StreetFactory(code="hedong"))
    UnitFactory(community=other, name="河东医院")
    return street


def _register(client, street, work_unit: str):
    return client.post(
        reverse("volunteers:register") + f"?street={street.code}",
        {
            "name": "刘志愿",
            "phone": "13912345678",
            "community": street.get_children().first().pk,
            "is_party_member": "on",
            "work_unit": work_unit,
            "password": "Serve-the-people-1",
            "consent": "on",
        },
    )


def test_suggestions_come_from_the_street_and_skip_units_that_left(client, street):
    url = reverse("volunteers:units")
    found = client.get(url, {"street": "hexi", "q": "医院"}).json()["results"]
    assert sorted(found) == ["河西区中医院", "河西区人民医院"]
    assert client.get(url, {"street": "hexi", "q": "粮站"}).json()["results"] == []
    assert client.get(url, {"street": "hexi", "q": "河东"}).json()["results"] == []
    assert client.get(url, {"street": "hexi", "q": " "}).json()["results"] == []


def test_suggestions_stop_at_ten(client, street):
    home = street.get_children().first()
    for n in range(15):
        UnitFactory(community=home, name=f"河西商户{n:02d}")
    found = client.get(reverse("volunteers:units"), {"street": "hexi", "q": "商户"}).json()
    assert len(found["results"]) == 10


def test_the_form_lists_no_unit_and_asks_few_queries(client, street, django_assert_max_num_queries):
    home = street.get_children().first()
    for n in range(50):
        UnitFactory(community=home, name=f"河西商户{n:02d}")
    with django_assert_max_num_queries(6):
        page = client.get(reverse("volunteers:register") + "?street=hexi")
    body = page.content.decode()
    assert "河西商户" not in body and "河西区人民医院" not in body
    assert 'list="work-unit-options"' in body and "data-suggest=" in body


@pytest.mark.parametrize(
    ("typed", "unit"),
    [("河西区人民医院", "河西区人民医院"), ("第一中学", "河西第一中学"), ("", None)],
)
def test_a_whole_or_unique_name_finds_the_unit(client, street, typed, unit):
    response = _register(client, street, typed)
    assert response.status_code == 200 and "刘志愿" in response.content.decode()
    person = Volunteer.objects.get(phone="13912345678")
    assert (person.work_unit.name if person.work_unit else None) == unit


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("医院", "Several units match"),
        ("河东医院", "No member unit on this street"),
        ("河西粮站", "No member unit on this street"),
    ],
)
def test_no_or_several_matches_save_nothing_and_say_so(client, street, typed, message, settings):
    settings.LANGUAGE_CODE = "en"
    response = _register(client, street, typed)
    assert response.status_code == 200
    errors = response.context["form"].errors["work_unit"]
    assert any(message in error for error in errors), errors
    assert not Volunteer.objects.exists()
