"""After a rating the board reopens at the rated pledge, and that row says how it went: on a
phone the messages at the top of the page are far above the row."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse

from pledges import services
from tests.factories import CommunityFactory, StreetFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pledges():
    community = CommunityFactory(parent=StreetFactory())
    pledge_list = services.pledge_list_create(
        pledger_kind="community", node=community, year=2026, title="x"
    )
    made = [
        services.pledge_add(
            pledge_list=pledge_list, text=text, category="service", due_on=datetime.date(2026, 9, 1)
        )
        for text in ("义诊", "助餐")
    ]
    services.pledge_list_submit(pledge_list=pledge_list)
    services.pledge_list_review(pledge_list=pledge_list, approve=True)
    return made


def row(html: str, pledge) -> str:
    return re.search(rf'<tr id="pledge-{pledge.pk}">(.*?)</tr>', html, re.S).group(1)


def test_the_rated_row_repeats_the_outcome_where_the_board_reopens(client, pledges):
    first, second = pledges
    client.get(reverse("pledges:board", args=[first.pledge_list.node_id]))
    response = client.post(reverse("pledges:rate", args=[second.pk]), {"value": "satisfied"})
    assert response.url.endswith(f"?rated={second.pk}#pledge-{second.pk}")
    html = client.get(response.url.split("#")[0]).content.decode()
    assert 'class="messages" role="status"' in row(html, second)
    assert "messages" not in row(html, first)


def test_a_rated_that_is_not_a_number_is_a_bad_request(client, pledges):
    board = reverse("pledges:board", args=[pledges[0].pledge_list.node_id])
    assert client.get(board, {"rated": "abc"}).status_code == 400
