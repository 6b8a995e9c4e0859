"""A community's public page names each service once, however many units offer it (eight
units opening their meeting rooms are one line naming the units), and its building stewards
in a table with column headers."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from servicedesk import services as desk_services
from servicedesk.models import ServiceOffer
from servicemap.selectors import menu_offerings_at
from servicemap.services import site_create, sync_offer_site
from tests.factories import (
    BuildingFactory,
    CommunityFactory,
    CompoundFactory,
    StewardFactory,
    StreetFactory,
)
from tests.factories.alliance import UnitFactory

pytestmark = pytest.mark.django_db


def _offer(unit, title: str, hours: str = "工作日 18:00-21:00") -> None:
    offer = desk_services.offer_save(
        offer=ServiceOffer(
            unit=unit,
            title=title,
            category="venue",
            place=unit.name,
            hours=hours,
            latitude=Decimal("32.0"),
            longitude=Decimal("112.1"),
            contact_name="李",
            contact_phone="13800000000",
        )
    )
    sync_offer_site(offer)


@pytest.fixture
def community():
    community = CommunityFactory(parent=StreetFactory(), name="清河社区")
    site_create(
        name="清河社区党群服务中心",
        kind="centre",
        node=community,
        hours="全天",
        address="清河路",
        latitude=Decimal("32.0"),
        longitude=Decimal("112.1"),
    )
    for n in range(8):
        _offer(UnitFactory(community=community, name=f"单位{n}"), "会议室免费开放")
    _offer(UnitFactory(community=community, name="诚信律师事务所"), "法律咨询", "每月第一个周六")
    return community


def test_a_service_many_units_offer_is_one_line_naming_the_units(client, community):
    page = client.get(reverse("portal:community", args=[community.pk])).content.decode()
    assert page.count("会议室免费开放") == 1
    assert page.count("法律咨询") == 1
    assert "单位0、单位1、单位2" in page
    assert "等 8 家单位" in page
    assert page.count("清河社区党群服务中心") == 1  # the site proper, listed on its own


def test_offerings_are_grouped_most_offered_first_with_their_units_and_hours(community):
    offerings = menu_offerings_at(community)
    assert [(o.name, len(o.units)) for o in offerings] == [("会议室免费开放", 8), ("法律咨询", 1)]
    assert offerings[0].hours == ("工作日 18:00-21:00",)
    assert offerings[1].units == ("诚信律师事务所",)


def test_the_community_page_queries_do_not_grow_with_the_offers(
    client, community, django_assert_max_num_queries
):
    for n in range(8, 20):
        _offer(UnitFactory(community=community, name=f"单位{n}"), f"服务{n}")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("portal:community", args=[community.pk]))
    assert response.status_code == 200


def test_the_steward_table_has_column_headers_and_labelled_cells(client, community):
    compound = CompoundFactory(parent=community)
    for _ in range(2):
        StewardFactory(building=BuildingFactory(parent=compound))
    page = client.get(reverse("portal:community", args=[community.pk])).content.decode()
    table = page[page.index('id="stewards"') : page.index("</table>", page.index('id="stewards"'))]
    headers = re.findall(r'<th scope="col">([^<]+)</th>', table)
    assert len(headers) == 4 and headers[0] == "楼栋" and all(h.strip() for h in headers)
    # Each cell names its column, which the phone's card layout shows beside the value.
    assert table.count('data-label="楼栋"') == 2
    assert table.count(f'data-label="{headers[3]}"') == 2


def test_an_empty_steward_table_spans_its_columns(client):
    community = CommunityFactory(parent=StreetFactory())
    page = client.get(reverse("portal:community", args=[community.pk])).content.decode()
    assert '<td colspan="4">' in page
