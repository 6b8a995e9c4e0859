"""Every unit's service-menu entry that has a place shows on the map, and follows its changes."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from servicedesk import services
from servicedesk.models import ServiceOffer
from servicemap.models import ServiceSite, SiteKind
from servicemap.selectors import sites_within
from tests.factories import CommunityFactory, StreetFactory
from tests.factories.alliance import UnitFactory

pytestmark = pytest.mark.django_db

LAT, LNG = Decimal("36.860000"), Decimal("117.740000")


@pytest.fixture
def unit():
    street = StreetFactory(latitude=LAT, longitude=LNG)
    return UnitFactory(community=CommunityFactory(parent=street))


def offer(unit, **fields) -> ServiceOffer:
    values = {
        "unit": unit,
        "title": "免费血压测量",
        "category": "health",
        "description": "每周三上午，社区医生值守",
        "place": "卫生院一楼",
        "hours": "周三 9:00-11:00",
        "contact_name": "王医生",
        "contact_phone": "13800000000",
        "latitude": LAT,
        "longitude": LNG,
    }
    values.update(fields)
    return services.offer_save(offer=ServiceOffer(**values))


def test_an_entry_with_a_place_becomes_a_site(unit):
    entry = offer(unit)
    site = ServiceSite.objects.get(offer=entry)
    assert site.kind == SiteKind.MENU_ENTRY
    assert (site.name, site.address, site.hours) == (
        "免费血压测量",
        "卫生院一楼",
        "周三 9:00-11:00",
    )
    assert site.unit == unit and site.node == unit.community
    assert [n.site for n in sites_within(float(LAT), float(LNG))] == [site]


def test_an_entry_without_a_place_stays_off_the_map(unit):
    offer(unit, latitude=None, longitude=None)
    assert not ServiceSite.objects.exists()


def test_editing_moving_or_withdrawing_the_entry_moves_the_site(unit):
    entry = offer(unit)
    entry.hours = "周四 14:00-16:00"
    entry.latitude = LAT + Decimal("0.001")
    services.offer_save(offer=entry)
    site = ServiceSite.objects.get(offer=entry)
    assert site.hours == "周四 14:00-16:00" and site.latitude == LAT + Decimal("0.001")
    entry.active = False
    services.offer_save(offer=entry)
    assert not ServiceSite.objects.filter(offer=entry).exists()
    entry.active = True
    services.offer_save(offer=entry)
    assert ServiceSite.objects.filter(offer=entry).count() == 1


def test_a_unit_that_leaves_takes_its_menu_off_the_map(unit):
    offer(unit)
    unit.left_on = datetime.date(2026, 6, 30)
    unit.save()
    assert not ServiceSite.objects.exists()


def test_the_api_and_the_site_page_show_the_entry_with_a_way_to_order_it(client, unit):
    entry = offer(unit)
    body = APIClient().get("/api/v1/service-sites/", {"kind": "menu"}).json()
    assert [row["name"] for row in body["results"]] == ["免费血压测量"]
    site = ServiceSite.objects.get(offer=entry)
    assert body["results"][0]["url"] == reverse("servicemap:site", args=[site.pk])
    page = client.get(site.get_absolute_url()).content.decode()
    assert f"{reverse('servicedesk:help')}?offer={entry.pk}" in page
    assert "王医生" in page
