"""One rating per person and pledge a month: the rater's identity is issued (signed) by the
server, so thirty made-up tokens from one client count once, on the page and over the API."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from pledges import services
from pledges.models import PledgeRating
from pledges.services import VOTER_COOKIE
from tests.factories import CommunityFactory, StreetFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pledge():
    community = CommunityFactory(parent=StreetFactory())
    pledge_list = services.pledge_list_create(
        pledger_kind="community", node=community, year=2026, title="x"
    )
    pledge = services.pledge_add(
        pledge_list=pledge_list, text="义诊", category="service", due_on=datetime.date(2026, 9, 1)
    )
    services.pledge_list_submit(pledge_list=pledge_list)
    services.pledge_list_review(pledge_list=pledge_list, approve=True)
    return pledge


def made_up(n: int) -> str:
    return f"made-up-voter-token-{n:04d}"


def test_thirty_made_up_cookies_count_once_on_the_page(client, pledge):
    board = reverse("pledges:board", args=[pledge.pledge_list.node_id])
    rate = reverse("pledges:rate", args=[pledge.pk])
    client.get(board)
    issued = client.cookies[VOTER_COOKIE].value
    assert services.voter_identity(issued) is not None
    client.post(rate, {"value": "satisfied"})
    for n in range(30):
        client.cookies[VOTER_COOKIE] = made_up(n)
        client.post(rate, {"value": "satisfied"})
    assert PledgeRating.objects.count() == 1


def test_a_made_up_cookie_is_replaced_by_one_the_server_signs(client, pledge):
    client.cookies[VOTER_COOKIE] = made_up(1)
    client.get(reverse("pledges:board", args=[pledge.pledge_list.node_id]))
    assert services.voter_identity(client.cookies[VOTER_COOKIE].value) is not None


def test_thirty_made_up_tokens_count_once_over_the_api(pledge):
    api = APIClient()
    token = api.post("/api/v1/pledge-ratings/voter/").json()["voter_token"]
    body = {"pledge": pledge.pk, "value": "satisfied"}
    assert api.post("/api/v1/pledge-ratings/", {**body, "voter_token": token}).status_code == 201
    codes = {
        api.post("/api/v1/pledge-ratings/", {**body, "voter_token": made_up(n)}).status_code
        for n in range(30)
    }
    assert codes <= {400, 429}  # refused (429 once the API throttle joins in)
    assert PledgeRating.objects.count() == 1


def test_a_token_signed_for_something_else_is_refused(pledge):
    from django.core import signing

    forged = signing.TimestampSigner(salt="another.purpose").sign("x" * 24)
    response = APIClient().post(
        "/api/v1/pledge-ratings/",
        {"pledge": pledge.pk, "value": "satisfied", "voter_token": forged},
    )
    assert response.status_code == 400
    assert not PledgeRating.objects.exists()
