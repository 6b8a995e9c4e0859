"""A unit's panel on a request shows only while the unit has something to do there."""

import pytest
from django.urls import reverse

from servicedesk import services
from tests.factories import CommunityFactory, StreetFactory, secretary
from tests.factories.alliance import UnitFactory, contact

pytestmark = pytest.mark.django_db


def test_the_units_panel_offers_each_step_then_goes_once_the_request_is_closed(client):
    community = CommunityFactory(parent=StreetFactory())
    unit = UnitFactory(community=community)
    desk = secretary(community)
    request = services.request_submit(
        community=community,
        category="repair",
        description="楼道灯坏了",
        resident_name="钱",
        resident_phone="13600002222",
    )
    services.request_triage(request=request, by=desk)
    services.request_dispatch(request=request, unit=unit, by=desk)
    user = contact(unit)
    client.force_login(user)
    client.cookies["django_language"] = "zh-hans"
    url = reverse("servicedesk:request", args=[request.pk])
    page = client.get(url).content.decode()
    assert "<h2>本单位</h2>" in page
    assert reverse("servicedesk:request-action", args=[request.pk, "accept"]) in page

    services.request_accept(request=request, by=user)
    page = client.get(url).content.decode()
    assert reverse("servicedesk:request-action", args=[request.pk, "close"]) in page

    services.request_close(request=request, by=user, report="已修好")
    page = client.get(url).content.decode()
    assert "<h2>本单位</h2>" not in page
    assert "已修好" in page
