"""Building stewards appear whole on the community's public page and on the printed service
cards only with their consent; without it their name and phone are masked."""

from __future__ import annotations

import pytest
from django.urls import reverse

from grids import services
from tests.factories import (
    BuildingFactory,
    CommunityFactory,
    CompoundFactory,
    StreetFactory,
    secretary,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def community():
    community = CommunityFactory(parent=StreetFactory())
    compound = CompoundFactory(parent=community)
    for n, (name, phone, consent) in enumerate(
        [("刘红梅", "13811112222", True), ("陈建国", "13933334444", False)]
    ):
        services.steward_assign(
            building=BuildingFactory(parent=compound),
            name=name,
            phone=phone,
            card_number=f"CONSENT-{n}",
            show_publicly=consent,
        )
    return community


def test_the_community_page_shows_only_consenting_stewards_whole(client, community):
    page = client.get(reverse("portal:community", args=[community.pk])).content.decode()
    assert "刘红梅" in page and "13811112222" in page
    assert "陈建国" not in page and "13933334444" not in page
    assert "陈**" in page and "139********" in page


def test_a_steward_without_consent_is_printed_masked(client, community):
    client.force_login(secretary(community))
    page = client.get(reverse("grids:node-cards", args=[community.pk])).content.decode()
    assert "刘红梅" in page and "13811112222" in page
    assert "陈建国" not in page and "13933334444" not in page


def test_consent_is_off_unless_given(community):
    steward = services.steward_assign(
        building=BuildingFactory(parent=community.get_children().first()),
        name="赵新",
        phone="13755556666",
        card_number="CONSENT-X",
    )
    assert steward.show_publicly is False
    assert (steward.public_name, steward.public_phone) == ("赵*", "137********")
