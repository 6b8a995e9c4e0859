"""A tracking code is the resident's key: it is shown once, on the thank-you page after sending,
and on no page, API answer or admin screen that anyone else reads."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from servicedesk import services
from servicedesk.models import ServiceRequest
from tests.factories import CommunityFactory, StreetFactory, UserFactory, secretary, street_staff
from tests.factories.alliance import UnitFactory, contact

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk():
    street = StreetFactory()
    community = CommunityFactory(parent=street)
    unit = UnitFactory(community=community)
    staff = secretary(community)
    wish = services.wish_submit(
        community=community,
        title="一副老花镜",
        resident_name="张奶奶",
        resident_phone="13800001111",
    )
    services.wish_review(wish=wish, publish=True, by=staff)
    claimed = services.wish_submit(
        community=community,
        title="一台收音机",
        resident_name="李爷爷",
        resident_phone="13800003333",
    )
    services.wish_review(wish=claimed, publish=True, by=staff)
    services.wish_claim(wish=claimed, by=contact(unit), unit=unit)
    request = services.request_submit(
        community=community,
        category="repair",
        description="楼道灯坏了",
        resident_name="王先生",
        resident_phone="13900002222",
    )
    services.request_triage(request=request, by=staff)
    return {
        "street": street,
        "community": community,
        "unit": unit,
        "staff": staff,
        "codes": [wish.tracking_code, claimed.tracking_code, request.tracking_code],
        "wish": wish,
        "claimed": claimed,
        "request": request,
    }


def viewers(desk):
    return {
        "volunteer": UserFactory(),
        "unit contact": contact(desk["unit"]),
        "secretary": desk["staff"],
        "street staff": street_staff(desk["street"]),
    }


def assert_no_code(text: str, desk) -> None:
    for code in desk["codes"]:
        assert code not in text


@pytest.mark.parametrize("who", ["volunteer", "unit contact", "secretary", "street staff"])
def test_no_api_list_or_detail_gives_a_code_to_anyone_signed_in(desk, who):
    api = APIClient()
    api.force_authenticate(viewers(desk)[who])
    for url in [
        "/api/v1/micro-wishes/",
        f"/api/v1/micro-wishes/{desk['wish'].pk}/",
        f"/api/v1/micro-wishes/{desk['claimed'].pk}/",
        "/api/v1/service-requests/",
        f"/api/v1/service-requests/{desk['request'].pk}/",
    ]:
        response = api.get(url)
        assert response.status_code in (200, 404), url
        assert "tracking_code" not in response.content.decode(), url
        assert_no_code(response.content.decode(), desk)


def test_the_list_apis_show_rows_without_a_code(desk):
    api = APIClient()
    api.force_authenticate(desk["staff"])
    rows = api.get("/api/v1/micro-wishes/").json()["results"]
    assert len(rows) == 2 and all("tracking_code" not in row for row in rows)


@pytest.mark.parametrize("who", ["unit contact", "secretary", "street staff"])
def test_no_desk_page_shows_a_code(client, desk, who):
    client.force_login(viewers(desk)[who])
    pages = [
        reverse("servicedesk:desk"),
        reverse("servicedesk:wish", args=[desk["wish"].pk]),
        reverse("servicedesk:wish", args=[desk["claimed"].pk]),
        reverse("servicedesk:request", args=[desk["request"].pk]),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        assert_no_code(response.content.decode(), desk)


def test_no_admin_list_detail_or_search_shows_a_code(client, desk):
    client.force_login(street_staff(desk["street"]))
    pages = [
        "/admin/servicedesk/microwish/",
        f"/admin/servicedesk/microwish/{desk['wish'].pk}/change/",
        "/admin/servicedesk/servicerequest/",
        f"/admin/servicedesk/servicerequest/{desk['request'].pk}/change/",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_no_code(response.content.decode(), desk)
    # Nor can the admin be asked whether a code exists.
    found = client.get("/admin/servicedesk/servicerequest/", {"q": desk["codes"][2]})
    assert list(found.context["cl"].result_list) == []


def test_the_resident_sees_the_code_once_on_the_thank_you_page(client, desk):
    response = client.post(
        reverse("servicedesk:help"),
        {
            "community": desk["community"].pk,
            "category": "health",
            "description": "需要上门测血压",
            "resident_name": "赵阿姨",
            "resident_phone": "13700004444",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("servicedesk:thanks")  # no code in the address
    code = ServiceRequest.objects.get(resident_phone="13700004444").tracking_code
    first = client.get(reverse("servicedesk:thanks")).content.decode()
    assert code in first
    again = client.get(reverse("servicedesk:thanks")).content.decode()
    assert code not in again


def test_the_api_gives_the_code_only_in_the_answer_to_the_residents_own_post(desk):
    api = APIClient()
    response = api.post(
        "/api/v1/micro-wishes/",
        {
            "community": desk["community"].pk,
            "title": "一本字典",
            "resident_name": "周",
            "resident_phone": "13500001111",
        },
        format="json",
    )
    assert response.status_code == 201
    code = response.json()["tracking_code"]
    api.force_authenticate(desk["staff"])
    detail = api.get(f"/api/v1/micro-wishes/{response.json()['id']}/")
    assert detail.status_code == 200 and code not in detail.content.decode()


def test_the_track_page_masks_the_residents_name_and_phone(client, desk):
    page = client.get(reverse("servicedesk:track-code", args=[desk["codes"][0]])).content.decode()
    assert "张*" in page and "张奶奶" not in page
    assert "138********" in page and "13800001111" not in page
