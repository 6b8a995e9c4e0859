"""The API's public create endpoints keep the HTML forms' rules: the honeypot, the same
per-address limit (one count for the page and the API), and the pledge-rating verifier."""

from __future__ import annotations

import datetime
import itertools

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from common.ratelimit import allowance
from pledges import services as pledge_services
from pledges.models import PledgeRating
from servicedesk.models import MicroWish, ServiceRequest
from tests.factories import CommunityFactory, StreetFactory

pytestmark = pytest.mark.django_db

phones = (f"137{n:08d}" for n in itertools.count(1))


@pytest.fixture
def community():
    return CommunityFactory(parent=StreetFactory())


def wish(community, **extra):
    return {
        "community": community.pk,
        "title": "一个助听器",
        "resident_name": "张爷爷",
        "resident_phone": next(phones),
        **extra,
    }


def help_request(community, **extra):
    return {
        "community": community.pk,
        "category": "repair",
        "resident_name": "王奶奶",
        "resident_phone": next(phones),
        "description": "楼道灯坏了",
        **extra,
    }


ENDPOINTS = [
    ("/api/v1/micro-wishes/", "servicedesk:wish-new", wish, MicroWish, "wish"),
    ("/api/v1/service-requests/", "servicedesk:help", help_request, ServiceRequest, "help"),
]


@pytest.mark.parametrize(("endpoint", "_page", "data", "model", "_what"), ENDPOINTS)
def test_a_filled_honeypot_is_refused_over_the_api(community, endpoint, _page, data, model, _what):
    response = APIClient().post(
        endpoint, data(community, website="http://spam.example"), format="json"
    )
    assert response.status_code == 400 and "website" in response.json()
    assert not model.objects.exists()


@pytest.mark.parametrize(("endpoint", "page", "data", "model", "what"), ENDPOINTS)
def test_the_page_and_the_api_share_one_limit(client, community, endpoint, page, data, model, what):
    for _ in range(allowance(what)):
        client.post(reverse(page), data(community))
    assert model.objects.count() == allowance(what)
    response = APIClient().post(endpoint, data(community), format="json")
    assert response.status_code == 429
    assert "次数过多" in response.json()["detail"]
    assert model.objects.count() == allowance(what)


@pytest.fixture
def pledge(community):
    pledge_list = pledge_services.pledge_list_create(
        pledger_kind="community", node=community, year=2026, title="x"
    )
    pledge = pledge_services.pledge_add(
        pledge_list=pledge_list, text="义诊", category="service", due_on=datetime.date(2026, 9, 1)
    )
    pledge_services.pledge_list_submit(pledge_list=pledge_list)
    pledge_services.pledge_list_review(pledge_list=pledge_list, approve=True)
    return pledge


def rate(api: APIClient, pledge, **extra):
    token = api.post("/api/v1/pledge-ratings/voter/").json()["voter_token"]
    body = {"pledge": pledge.pk, "value": "satisfied", "voter_token": token, **extra}
    return api.post("/api/v1/pledge-ratings/", body, format="json")


def test_the_rating_verifier_holds_api_ratings_back(pledge, settings):
    settings.PLEDGE_RATING_VERIFIER = "tests.pledges.test_pledge_lists.refuse_everyone"
    response = rate(APIClient(), pledge)
    assert response.status_code == 403
    assert "请先验证手机号" in response.json()["detail"]
    assert not PledgeRating.objects.exists()
    settings.PLEDGE_RATING_VERIFIER = ""
    assert rate(APIClient(), pledge).status_code == 201


def test_a_filled_honeypot_is_refused_on_ratings_page_and_api(client, pledge):
    assert rate(APIClient(), pledge, website="x").status_code == 400
    client.get(reverse("pledges:board", args=[pledge.pledge_list.node_id]))
    client.post(reverse("pledges:rate", args=[pledge.pk]), {"value": "satisfied", "website": "x"})
    assert not PledgeRating.objects.exists()


def test_api_ratings_count_against_the_pages_per_address_limit(client, pledge, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "rating": "1/h"}
    client.get(reverse("pledges:board", args=[pledge.pledge_list.node_id]))
    client.post(reverse("pledges:rate", args=[pledge.pk]), {"value": "satisfied"})
    assert PledgeRating.objects.count() == 1
    response = rate(APIClient(), pledge)
    assert response.status_code == 400 and "测评次数过多" in response.content.decode()
    assert PledgeRating.objects.count() == 1
